import type { Tap } from "tapable";
import { BlossomError, isBlossomError } from "./errors";

type AnyFn = (...args: unknown[]) => unknown;
/** The registered form of a tap (tapable's internal FullTap). */
type RegisteredTap = Tap & { type: "sync" | "async" | "promise"; fn: Function };
/** The part of any tapable hook this module needs; every hook class satisfies it. */
interface Interceptable {
  intercept(interceptor: { register?: (tap: RegisteredTap) => RegisteredTap }): void;
}

/**
 * Wraps every tap of `hook` as it is registered, so that a tap that throws is reported with its plugin and hook
 * (tapable itself never says which tap failed), and a promise tap that never settles fails after `deadlineMs`
 * instead of hanging the request. The whole tap is spread so `stage` and `name` survive.
 */
export function attributeTaps(hook: Interceptable, hookName: string, deadlineMs: number): void {
  hook.intercept({
    register: (tap) => {
      const original = tap.fn as AnyFn;
      const plugin = tap.name;
      const fail = (error: unknown): BlossomError =>
        isBlossomError(error)
          ? error
          : new BlossomError(
              "BLOSSOM_ERR_HOOK_FAILED",
              error instanceof Error ? error.message : String(error),
              { plugin, hook: hookName, cause: error },
            );
      const fn: AnyFn =
        tap.type === "promise"
          ? (...args) => withDeadline(Promise.resolve().then(() => original(...args)), deadlineMs, plugin, hookName).catch((e: unknown) => {
              throw fail(e);
            })
          : (...args) => {
              try {
                return original(...args);
              } catch (error) {
                throw fail(error);
              }
            };
      return { ...tap, fn };
    },
  });
}

function withDeadline<T>(work: Promise<T>, ms: number, plugin: string, hook: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BlossomError("BLOSSOM_ERR_HOOK_TIMEOUT", `did not settle within ${ms} ms`, { plugin, hook })),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
