/** A value a mustache template can use: scalars, lists and nested objects of them. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };

export type TemplateVars = Record<string, TemplateValue>;
