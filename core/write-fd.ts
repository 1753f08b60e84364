import { writeSync } from "node:fs";

/**
 * Writes all of `bytes` to stdout (1) or stderr (2) with plain write(2) calls. Building process.stdout or
 * process.stderr for a pipe loads `net` and `tty`, which a one-shot process (a CGI request) need not pay for;
 * on Linux those streams write pipes and files synchronously anyway. A non-blocking descriptor (EAGAIN) falls
 * back to the stream. A reader that has gone away (EPIPE) is not worth a stack trace: the bytes are dropped.
 */
export async function writeFd(fd: 1 | 2, bytes: Buffer | string): Promise<void> {
  const buffer = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  let offset = 0;
  try {
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return;
    const stream = fd === 1 ? process.stdout : process.stderr;
    await new Promise<void>((resolve) => {
      stream.once("error", () => resolve());
      stream.write(buffer.subarray(offset), () => resolve());
    });
  }
}
