#!/usr/bin/env node
// Prints a YAML file (every document) as a JSON array, parsed with js-yaml, for the .NET tests that inspect YAML
// (the GitHub Actions workflow). Exit code 1 with the parser's message when the file is not YAML.
// Usage: node deploy/validate/yaml-to-json.mjs FILE
import fs from "node:fs";
import yaml from "js-yaml";

try {
    console.log(JSON.stringify(yaml.loadAll(fs.readFileSync(process.argv[2], "utf8"))));
} catch (e) {
    console.error(`yaml-to-json: ${process.argv[2]}: ${e.message}`);
    process.exit(1);
}
