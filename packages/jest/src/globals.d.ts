// The few Jest globals the setup file uses, so the package needs no @types/jest.
declare function beforeAll(fn: () => unknown, timeout?: number): void;
declare function beforeEach(fn: () => unknown, timeout?: number): void;
declare function afterEach(fn: () => unknown, timeout?: number): void;
declare function afterAll(fn: () => unknown, timeout?: number): void;
declare const expect: { getState(): { testPath?: string; currentTestName?: string } };
