/** Types of harness.cjs (plain CommonJS so the .mjs benchmark can share it). */

export type Setup = "lighttpd-scgi" | "nginx-scgi" | "lighttpd-cgi" | "apache-scgi" | "apache-cgi" | "lighttpd-blosxom";

export interface SetupInfo {
  readonly server: "lighttpd" | "nginx" | "apache";
  /** The deployment snippet the docs show, relative to the repository. */
  readonly snippet: string;
  readonly transport: "scgi" | "cgi";
  readonly modules?: readonly string[];
  /** Perl Blosxom, for the benchmark only: not a Blossom deployment. */
  readonly benchOnly?: boolean;
}

export const SETUPS: Readonly<Record<Setup, SetupInfo>>;
export const REPO: string;

export interface Site {
  readonly root: string;
  /** The blog's folder: config.yaml, entries/, static/, blossom.cgi. */
  readonly blogDir: string;
  readonly config: string;
  remove(): void;
}

export function createSite(options: { source?: string; baseUrl: string; editConfig?: (text: string) => string; prefix?: string }): Site;

export interface WebServer {
  readonly setup: Setup;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly pid: number | undefined;
  /** The server's output and its error and access logs. */
  logs(): string;
  stop(): Promise<void>;
}

export function startWebServer(setup: Setup, options: { blogDir: string; port: number; scgiPort?: number; timeoutMs?: number }): Promise<WebServer>;

export interface BlossomScgi {
  readonly port: number;
  readonly pid: number | undefined;
  output(): string;
  stop(): Promise<number | string | null>;
}

export function startBlossomScgi(config: string, options: { port: number; workers?: number; timeoutMs?: number; env?: Record<string, string> }): Promise<BlossomScgi>;
export function freePort(): Promise<number>;
export function renderSnippet(setup: Setup, values: { blogDir: string; scgiPort?: number }): string;
export function debianPackages(): string[];
export function serverVersion(setup: Setup): string;
export function runningAsRoot(): boolean;
