//! The client module, written directly as text: the runtime import and one
//! `/*#__PURE__*/` stub per server function, nothing else of the original.

use crate::emit::literal::{export_name_literal, js_string};
use crate::emit::splice::Piece;
use crate::emit::stub::StubArguments;
use crate::names::{ClientNames, StubBinding, CREATE_SERVER_REFERENCE};
use crate::types::ServerFunction;

/// The module as pieces, one statement a line: the import, then the stub
/// of each of `functions`, each mapped to its export (`export_offsets`).
pub(crate) fn client_pieces(
    functions: &[ServerFunction],
    export_offsets: &[usize],
    names: &ClientNames,
    runtime: &str,
    build_id: Option<&str>,
) -> Vec<Piece<'static>> {
    let import = if names.import == CREATE_SERVER_REFERENCE {
        names.import.clone()
    } else {
        format!("{CREATE_SERVER_REFERENCE} as {}", names.import)
    };
    let mut pieces = vec![Piece::generated(format!("import {{ {import} }} from {};\n", js_string(runtime)))];
    let mut export_list = Vec::new();
    for ((function, binding), at) in functions.iter().zip(&names.bindings).zip(export_offsets) {
        let declaration = match binding {
            StubBinding::Export => format!("export const {} =", function.display_name()),
            StubBinding::Local(local) => {
                export_list.push(format!("{local} as {}", export_name_literal(function.display_name())));
                format!("const {local} =")
            }
            StubBinding::Default => "export default".to_string(),
        };
        let text = format!("{declaration} /*#__PURE__*/ {};\n", stub_call(function, &names.import, build_id));
        pieces.push(Piece::Generated { text: text.into(), at: Some(*at) });
    }
    if !export_list.is_empty() {
        pieces.push(Piece::generated(format!("export {{ {} }};\n", export_list.join(", "))));
    }
    pieces
}

/// `createServerReference("<fnId>", "<fnName>", <arity>?, { method: "GET", buildId }?)`.
pub(crate) fn stub_call(function: &ServerFunction, import: &str, build_id: Option<&str>) -> String {
    let arguments = StubArguments {
        fn_id: &function.fn_id,
        fn_name: &function.fn_name,
        arity: function.arity,
        method: function.method,
        build_id,
    };
    format!("{import}({})", arguments.text())
}
