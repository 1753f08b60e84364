/**
 * Every error Blossom reports has a stable code. The table below is the single source of truth; `core/ERRORS.md`
 * documents each code and a test keeps the two in sync both ways.
 */
export const ERROR_CODES = {
  BLOSSOM_ERR_CONFIG_NOT_FOUND: { status: 500, exitCode: 2, summary: "No config.yaml was found" },
  BLOSSOM_ERR_CONFIG_SYNTAX: { status: 500, exitCode: 2, summary: "config.yaml is not valid YAML" },
  BLOSSOM_ERR_CONFIG_INVALID: { status: 500, exitCode: 2, summary: "A config.yaml key is unknown or has a bad value" },
  BLOSSOM_ERR_PLUGIN_NOT_FOUND: { status: 500, exitCode: 2, summary: "A plugin listed in config.yaml cannot be found" },
  BLOSSOM_ERR_PLUGIN_LOAD: { status: 500, exitCode: 2, summary: "A plugin module threw while loading" },
  BLOSSOM_ERR_PLUGIN_INVALID: { status: 500, exitCode: 2, summary: "A plugin module does not export a definePlugin() object" },
  BLOSSOM_ERR_PLUGIN_DUPLICATE: { status: 500, exitCode: 2, summary: "Two plugins have the same name" },
  BLOSSOM_ERR_PLUGIN_MISSING_DEPENDENCY: { status: 500, exitCode: 2, summary: "A plugin requires another plugin that is not listed before it" },
  BLOSSOM_ERR_PLUGIN_OPTIONS: { status: 500, exitCode: 2, summary: "A plugin's options do not match its schema" },
  BLOSSOM_ERR_PLUGIN_APPLY: { status: 500, exitCode: 2, summary: "A plugin's apply() threw at start-up" },
  BLOSSOM_ERR_HOOK_FAILED: { status: 500, exitCode: 1, summary: "A plugin's tap threw while handling a request" },
  BLOSSOM_ERR_HOOK_TIMEOUT: { status: 503, exitCode: 1, summary: "A plugin's tap did not settle before the deadline" },
  BLOSSOM_ERR_NOT_FOUND: { status: 404, exitCode: 1, summary: "No entry matches the requested path" },
  BLOSSOM_ERR_FLAVOUR_NOT_FOUND: { status: 404, exitCode: 1, summary: "The requested flavour does not exist" },
  BLOSSOM_ERR_TEMPLATE: { status: 500, exitCode: 1, summary: "A flavour template cannot be parsed or rendered" },
  BLOSSOM_ERR_ENTRY_PARSE: { status: 500, exitCode: 1, summary: "An entry file cannot be read or parsed" },
  BLOSSOM_ERR_BAD_REQUEST: { status: 400, exitCode: 1, summary: "The request is malformed" },
  BLOSSOM_ERR_METHOD_NOT_ALLOWED: { status: 405, exitCode: 1, summary: "The HTTP method is not supported for this URL" },
  BLOSSOM_ERR_PAYLOAD_TOO_LARGE: { status: 413, exitCode: 1, summary: "The request body is larger than allowed" },
  BLOSSOM_ERR_CGI_ENVIRONMENT: { status: 500, exitCode: 2, summary: "The CGI environment lacks what a web server always sets" },
  BLOSSOM_ERR_SCGI_PROTOCOL: { status: 400, exitCode: 1, summary: "An SCGI client sent a malformed, oversized, incomplete or too slow request" },
  BLOSSOM_ERR_CLI_USAGE: { status: 500, exitCode: 2, summary: "The command line is wrong" },
  BLOSSOM_ERR_INIT_NOT_EMPTY: { status: 500, exitCode: 2, summary: "`blossom init` was pointed at a folder that is not empty" },
  BLOSSOM_ERR_DATADIR_MISSING: { status: 500, exitCode: 2, summary: "The entries folder does not exist" },
  BLOSSOM_ERR_LISTEN: { status: 500, exitCode: 1, summary: "The server cannot listen on the requested address" },
  BLOSSOM_ERR_STATIC_OUTPUT: { status: 500, exitCode: 2, summary: "The output folder of `blossom render` overlaps the blog's own folders" },
  BLOSSOM_ERR_STATIC_RENDER: { status: 500, exitCode: 1, summary: "Some entries or pages failed in `blossom render`" },
  BLOSSOM_ERR_INTERNAL: { status: 500, exitCode: 1, summary: "An unexpected internal error" },
} as const satisfies Record<string, { status: number; exitCode: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface BlossomErrorOptions {
  /** The plugin the error is attributed to. */
  readonly plugin?: string;
  /** The hook that was running. */
  readonly hook?: string;
  /** `file:line:col` (config errors) or a file path (entry errors). */
  readonly location?: string;
  readonly cause?: unknown;
}

export class BlossomError extends Error {
  readonly code: ErrorCode;
  readonly plugin: string | undefined;
  readonly hook: string | undefined;
  readonly location: string | undefined;

  constructor(code: ErrorCode, message: string, options: BlossomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BlossomError";
    this.code = code;
    this.plugin = options.plugin;
    this.hook = options.hook;
    this.location = options.location;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }

  /** One line for logs and terminals: `CODE [plugin/hook] location: message`. Never a stack trace. */
  describe(): string {
    const where = [this.plugin, this.hook].filter(Boolean).join("/");
    // Config messages already start each line with file:line:col; do not say it twice.
    const location = this.location && !this.message.startsWith(this.location) ? ` ${this.location}:` : ":";
    return `${this.code}${where ? ` [${where}]` : ""}${location} ${this.message}`;
  }
}

/**
 * Duck-typed check: a plugin package may carry its own copy of this module, so `instanceof` is not enough.
 */
export function isBlossomError(value: unknown): value is BlossomError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    Object.hasOwn(ERROR_CODES, (value as { code: string }).code) &&
    typeof (value as { describe?: unknown }).describe === "function"
  );
}

/** Wraps anything thrown into a BlossomError, keeping an existing one as it is. */
export function toBlossomError(value: unknown, code: ErrorCode, options: BlossomErrorOptions = {}): BlossomError {
  if (isBlossomError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new BlossomError(code, message, { ...options, cause: value });
}
