/**
 * False when fnwire's compiler would hand `source` back unchanged without
 * parsing it: no bytes `use server`, and a name other than `*.server.*`.
 */
export declare function mightBeServerModule(source: string, filename: string): boolean;
