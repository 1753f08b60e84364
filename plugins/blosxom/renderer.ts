import Mustache from "mustache";
import {
  BlossomError,
  escapeHtml,
  type BlogResponse,
  type Entry,
  type Flavour,
  type Renderer,
  type RequestContext,
  type TemplateArgs,
  type TemplateVars,
} from "../../core";
import { dateParts } from "../../core/dates";
import { dayVars, entryVars, pageVars } from "./template-vars";

type TemplateHook = RequestContext["blog"]["hooks"]["head"];

/** Escapes a value for a JSON string literal (JSON flavours write `"{{title}}"`). */
function jsonEscape(value: unknown): string {
  return JSON.stringify(String(value)).slice(1, -1);
}

/**
 * PyBlosxom's blosxom renderer on mustache: head, then each day's entries between date_head and date_foot,
 * then foot. Each template goes through its hook first, so plugins can change its variables or source.
 * Values are HTML-escaped by default ({{x}}), which is also correct for XML; JSON flavours escape for JSON.
 */
export class FlavourRenderer implements Renderer {
  async render(ctx: RequestContext): Promise<BlogResponse> {
    const { blog } = ctx;
    let error = ctx.data.error;
    const requested = error ? "error" : (ctx.data.flavour ?? blog.config.default_flavour);
    let flavour = blog.flavours.get(requested, error ? "" : (ctx.data.pathInfo?.category ?? ""));
    if (!flavour) {
      error = ctx.data.error = {
        status: 404,
        code: "BLOSSOM_ERR_FLAVOUR_NOT_FOUND",
        title: "Flavour not found",
        message: `There is no flavour "${requested}". Try ${blog.flavours.names().filter((n) => n !== "error").join(", ")}.`,
      };
      flavour = blog.flavours.get("error");
      if (!flavour) throw new BlossomError("BLOSSOM_ERR_FLAVOUR_NOT_FOUND", "the error flavour is missing");
    }
    const escape = /json/i.test(flavour.contentType) ? jsonEscape : escapeHtml;
    const page = pageVars(ctx, flavour.name);
    // Templates resolve a name in their own variables first, then in the page's. Entry and day variables also
    // inherit the page's through their prototype, so taps can read them; copying the page into every entry's
    // object instead costs V8 a new hidden class per property, per entry.
    const pageContext = new Mustache.Context(page);
    const withPage = (own: TemplateVars): TemplateVars => Object.assign(Object.create(page) as TemplateVars, own);
    const fill = (template: string, vars: TemplateVars, name: string): string => {
      try {
        return Mustache.render(template, new Mustache.Context(vars, pageContext), flavour.templates, { escape });
      } catch (e) {
        throw new BlossomError("BLOSSOM_ERR_TEMPLATE", `${flavour.name}/${name}.mustache: ${(e as Error).message}`, { cause: e });
      }
    };
    const render = async (hook: TemplateHook, name: string, vars: TemplateVars, entry?: Entry): Promise<string> => {
      const args: TemplateArgs = { vars, template: flavour.templates[name] ?? "", ...(entry ? { entry } : {}) };
      const out = await hook.promise(args, ctx);
      return out.template ? fill(out.template, out.vars, name) : "";
    };

    const { hooks } = blog;
    const parts: string[] = [await render(hooks.head, "head", page)];
    if (error) {
      parts.push(await render(hooks.story, "story", withPage({})));
    } else {
      let day: string | undefined;
      let dayFields: TemplateVars = {};
      let first: Entry | undefined;
      for (const entry of ctx.data.entries ?? []) {
        const fields = dayVars(dateParts(entry.date, blog.config.timezone));
        const key = `${fields.yr}${fields.mo_num}${fields.da}`;
        if (key !== day) {
          if (day !== undefined) parts.push(await render(hooks.dateFoot, "date_foot", withPage(dayFields), first));
          day = key;
          dayFields = fields;
          first = entry;
          parts.push(await render(hooks.dateHead, "date_head", withPage(fields), entry));
        }
        const vars = withPage(entryVars(entry, ctx));
        parts.push(await render(hooks.story, "story", vars, entry));
        // storyEnd starts from an empty template (PyBlosxom cb_story_end): whatever a tap leaves is appended.
        const end = await hooks.storyEnd.promise({ vars, template: "", entry }, ctx);
        if (end.template) parts.push(fill(end.template, end.vars, "storyEnd"));
      }
      if (day !== undefined) parts.push(await render(hooks.dateFoot, "date_foot", withPage(dayFields), first));
    }
    parts.push(await render(hooks.foot, "foot", page));
    return {
      status: error?.status ?? 200,
      headers: { "Content-Type": flavour.contentType },
      body: parts.join(""),
    };
  }
}

export type { Flavour };
