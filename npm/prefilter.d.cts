/**
 * False when fnwire's compiler would hand `source` back unchanged without
 * parsing it: no bytes `use server`, and a name other than `*.server.*`.
 */
export declare function mightBeServerModule(source: string, filename: string): boolean;

/** The extensions (without the dot) of the module files the compiler reads; `*.server.<one of them>` is a server file name. */
export declare const MODULE_EXTENSIONS: readonly string[];
