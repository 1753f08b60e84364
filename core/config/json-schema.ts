import { z, type ZodType } from "zod";
import { BUILTIN_PLUGINS } from "../builtin-plugins";
import { ConfigSchema } from "./schema";

/**
 * The JSON Schema of config.yaml for editors (yaml-language-server), in input mode so keys with defaults are
 * optional. Each built-in plugin's options schema is a variant of the `plugins:` items, so editors complete
 * and check those too. `npm run gen:schema` writes it to core/config/config.schema.json; a test fails when
 * that file is stale.
 */
export function configJsonSchema(): string {
  const names = Object.keys(BUILTIN_PLUGINS).sort();
  const variants: ZodType[] = [
    z.string().min(1).meta({ description: `A built-in plugin (${names.join(", ")}), an npm package, or a ./path.js` }),
  ];
  for (const name of names) {
    const definition = BUILTIN_PLUGINS[name]!();
    const options = definition.options ? definition.options(z) : z.null();
    variants.push(z.strictObject({ [name]: options.optional() }).meta({ description: definition.description ?? name }));
  }
  // Third-party plugins: any other name, so a typo in a built-in's options is still flagged.
  const otherName = z.string().regex(new RegExp(`^(?!(${names.join("|")})$).+`));
  variants.push(z.record(otherName, z.unknown()).meta({ description: "A third-party plugin with its options" }));
  const withPlugins = ConfigSchema.extend({ plugins: z.array(z.union(variants)).default([]) });
  const schema = z.toJSONSchema(withPlugins, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
