// Shared by the type tests: an exact type-equality check, and the server
// functions as TypeScript sees a "use server" module (the original signatures).

/** Exact type equality: `expectType<Equal<A, B>>(true)` fails to compile unless A and B are the same. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export declare function expectType<T extends true>(value: T): void;

export interface User {
  id: string;
  name: string;
}
export declare function getUsers(): Promise<User[]>;
export declare function getUser(id: string): Promise<User>;
export declare function createUser(name: string, email: string): Promise<User>;
export declare function saveRoles(roles: string[]): Promise<void>;
export declare function refresh(): Promise<void>;
export declare function search(query: string, options?: { limit: number }): Promise<User[]>;
export declare function maybeUser(id?: string): Promise<User | null>;
export declare function saveTags(...tags: string[]): Promise<number>;
