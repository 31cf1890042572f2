// expect: functions outer.inner.anonymous(x, y)
export function outer(x: number) {
  return function inner(y: number) {
    return async () => {
      "use server";
      return x + y;
    };
  };
}
