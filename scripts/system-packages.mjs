// Makes sure the Debian packages the tests need (.ci/apt-packages.txt: web servers, load tools) are installed,
// so `npm test` works on a fresh machine. Installs what is missing with apt-get when running as root;
// otherwise says what to install and fails.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const wanted = readFileSync(new URL("../.ci/apt-packages.txt", import.meta.url), "utf8")
  .split("\n")
  .map((line) => line.replace(/#.*/, "").trim())
  .filter(Boolean);
const installed = (name) => spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" }).stdout?.includes("install ok installed");
const missing = wanted.filter((name) => !installed(name));
if (missing.length === 0) process.exit(0);

if (process.getuid?.() !== 0) {
  console.error(`The tests need these Debian packages: ${missing.join(" ")}\nInstall them with: sudo apt-get install -y ${missing.join(" ")}`);
  process.exit(1);
}
console.log(`installing ${missing.join(" ")} (apt-get)…`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env });
