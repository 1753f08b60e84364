// Writes core/config/config.schema.json from the zod schema (run after `npm run build`).
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { configJsonSchema } = require("../dist/lib/core/config/json-schema.js");
writeFileSync(new URL("../core/config/config.schema.json", import.meta.url), configJsonSchema());
console.log("wrote core/config/config.schema.json");
