// Validates SARIF logs against the SARIF 2.1.0 JSON Schema (the OASIS schema as shipped in
// @microsoft/jest-sarif; it is written in draft-04, hence ajv-draft-04). Formats (uri,
// uri-reference, date-time) are checked too: code-scanning services reject bad URIs.
//
// Usage: node validate.mjs FILE.sarif... ; prints one line per file, exits 1 on any error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));

// The schema's `language` pattern has a stray `]`, which is legal in a plain regular expression
// but not under the `u` flag ajv uses by default; read its patterns as the schema's authors did.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.sarif...");
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  let log;
  try {
    log = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.log(`${file}: not JSON: ${e.message}`);
    failed++;
    continue;
  }
  if (validate(log)) {
    const results = (log.runs ?? []).reduce((n, run) => n + (run.results ?? []).length, 0);
    console.log(`${file}: valid SARIF 2.1.0 (${results} results)`);
  } else {
    failed++;
    console.log(`${file}: ${validate.errors.length} schema error(s)`);
    for (const e of validate.errors) {
      console.log(`  ${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
