import { parseTxt } from "../../plugins/blosxom/txt-parser";

// Vectors from PyBlosxom's test_entryparser.py (blosxom-spec.md §4.1), plus Blossom's additions.
describe("the Blosxom .txt entry format", () => {
  it("takes line 1 as the title and the rest as the body", () => {
    expect(parseTxt("First post!\n<p>\nFirst post!\n</p>")).toEqual({
      title: "First post!",
      meta: {},
      body: "<p>\nFirst post!\n</p>",
      parser: "plain",
    });
  });

  it("reads #key value metadata lines after the title", () => {
    const entry = parseTxt("First post!\n#music the doors\n#mood happy\n<p>\nFirst post!\n</p>");
    expect(entry.meta).toEqual({ music: "the doors", mood: "happy" });
    expect(entry.body).toBe("<p>\nFirst post!\n</p>");
  });

  it('gives a key alone the value "1"', () => {
    expect(parseTxt("First post!\n#foo\n<p>\nFirst post!\n</p>").meta).toEqual({ foo: "1" });
  });

  it("stops metadata at the first other line; later # lines belong to the body", () => {
    const entry = parseTxt("T\n#a 1\n\n#b 2\nbody");
    expect(entry.meta).toEqual({ a: "1" });
    expect(entry.body).toBe("\n#b 2\nbody");
  });

  it("does not take a Markdown heading (# followed by a space) for metadata", () => {
    expect(parseTxt("T\n# Heading\ntext").meta).toEqual({});
  });

  it("lets #title override line 1 and #parser choose the preformatter", () => {
    const entry = parseTxt("Line one\n#title Better title\n#parser markdown\n*hi*");
    expect(entry.title).toBe("Better title");
    expect(entry.parser).toBe("markdown");
  });

  it("strips a byte-order mark and folds CRLF", () => {
    const entry = parseTxt("\uFEFFWindows title\r\n#mood ok\r\nbody\r\n");
    expect(entry.title).toBe("Windows title");
    expect(entry.meta).toEqual({ mood: "ok" });
    expect(entry.body).toBe("body\n");
  });

  it("keeps any character in a metadata value, U+2028 included", () => {
    expect(parseTxt("T\n#note a\u2028b\n#next 1\nbody").meta).toEqual({ note: "a\u2028b", next: "1" });
  });

  it("treats an empty file as an entry with empty title and body", () => {
    expect(parseTxt("")).toMatchObject({ title: "", body: "" });
  });
});
