// React's progressive enhancement hook (section 13): `$$FORM_ACTION(prefix)`
// on stubs and on registered server functions, which React DOM's server
// renderer calls for `<form action={fn}>` and `<button formAction={fn}>`,
// so that the form posts to fnwire's form endpoint before any JavaScript.
import { FORM_FIELDS } from "./protocol.js";
import { encode } from "./wire.js";

/**
 * `{ name, action, encType, method, data }` for a server function bound to
 * `boundArgs`: React renders `data` as hidden inputs and `name` as the
 * submitter's name (for a form, an empty hidden input), which tells the
 * server which of several actions in one form was clicked.
 */
export function formActionFields(fnId, boundArgs, action) {
  const data = new FormData();
  data.append(FORM_FIELDS.action, fnId);
  if (boundArgs.length > 0) {
    data.append(FORM_FIELDS.bound, encode(boundArgs, { root: "bound", subject: `Cannot render a form for server function ${fnId}` }));
  }
  return { name: `${FORM_FIELDS.clicked}${fnId}`, action, encType: "multipart/form-data", method: "POST", data };
}
