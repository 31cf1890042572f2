// expect: errors FW007
export const load = async () => {
  await Promise.resolve();
  'use server';
};
