import { basename, dirname, join } from "node:path";

/**
 * The folder for caches: $BLOSSOM_CACHE_DIR, else `.blossom/<config name>/` beside the config file. One folder
 * per config file, so two configs of one blog (a preview and a production one, say) never evict each other.
 */
export function cacheDirFor(configFile: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.BLOSSOM_CACHE_DIR ?? join(dirname(configFile), ".blossom", basename(configFile).replace(/\.ya?ml$/i, ""));
}
