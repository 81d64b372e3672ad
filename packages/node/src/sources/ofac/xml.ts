/**
 * A small streaming XML reader, enough for OFAC's sdn.xml and sdn_advanced.xml (no DTDs, no external
 * entities — which also means no XXE): elements, attributes, text, CDATA, comments, processing instructions,
 * the five predefined entities and numeric character references. Namespace prefixes are dropped ("ns:Alias" →
 * "Alias"). The file is read in chunks; only the elements the caller asks for are built into small trees, so a
 * 100 MB sdn_advanced.xml never sits in memory as one document. Malformed input is a ListParseError naming the
 * file and the line.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ListParseError } from './errors';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  /** line of the start tag */
  line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string, fail: (detail: string) => never): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]{1,10});/g, (m, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) fail(`bad character reference ${m}`);
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[name];
    if (v === undefined) fail(`unknown entity ${m}`);
    return v;
  });
}

const local = (qname: string) => {
  const i = qname.indexOf(':');
  return i >= 0 ? qname.slice(i + 1) : qname;
};

const NAME_RE = /^[A-Za-z_:][\w.:-]*$/;
const ATTR_RE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Streams the elements for which `capture(name, path)` is true (path = names of the open ancestors), each as a
 * tree. Elements nested inside a captured one are part of its tree, not yielded separately.
 */
export async function* xmlElements(
  source: string | AsyncIterable<string>,
  capture: (name: string, path: readonly string[]) => boolean,
  fileLabel?: string,
): AsyncGenerator<XmlNode> {
  const file = fileLabel ?? (typeof source === 'string' ? basename(source) : '<xml>');
  const chunks: AsyncIterable<string> = typeof source === 'string' ? createReadStream(source, { encoding: 'utf8' }) : source;
  let buf = '';
  let line = 1;
  const path: string[] = [];
  let current: XmlNode[] = []; // stack of nodes being built (inside a captured element)
  let rootSeen = false;
  const fail = (detail: string): never => { throw new ListParseError(file, line, 'xml', 'bad_xml', { detail }); };
  const countLines = (s: string) => { for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) line++; };
  const out: XmlNode[] = [];

  const text = (raw: string) => {
    if (current.length) current[current.length - 1].text += decodeEntities(raw, fail);
    else if (raw.trim() && !path.length) fail('text outside the root element');
  };
  const open = (tag: string, startLine: number) => {
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s/>]+)/.exec(body);
    if (!m || !NAME_RE.test(m[1])) fail(`bad start tag <${tag.slice(0, 30)}>`);
    const qname = m![1];
    const name = local(qname);
    const attrs: Record<string, string> = {};
    const rest = body.slice(qname.length);
    let consumed = rest;
    for (const a of rest.matchAll(ATTR_RE)) {
      attrs[local(a[1])] = decodeEntities(a[2] ?? a[3] ?? '', fail);
      consumed = consumed.replace(a[0], '');
    }
    if (consumed.trim()) fail(`bad attributes in <${qname}>`);
    if (!path.length) {
      if (rootSeen) fail('more than one root element');
      rootSeen = true;
    }
    if (current.length || capture(name, path)) {
      const node: XmlNode = { name, attrs, children: [], text: '', line: startLine };
      if (current.length) current[current.length - 1].children.push(node);
      current.push(node);
      if (selfClosing) close(name, true);
      else path.push(name);
      return;
    }
    if (!selfClosing) path.push(name);
  };
  function close(name: string, selfClosed = false) {
    if (!selfClosed) {
      const top = path.pop();
      if (top !== name) fail(`</${name}> closes <${top ?? '(nothing)'}>`);
    }
    if (current.length) {
      const node = current.pop()!;
      if (!current.length) out.push(node);
    }
  }

  const step = (final: boolean) => {
    let i = 0;
    for (;;) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) {
        if (final) { text(buf.slice(i)); countLines(buf.slice(i)); i = buf.length; }
        else {
          // keep a possible partial entity for the next chunk
          const amp = buf.lastIndexOf('&');
          const cut = amp >= i && buf.indexOf(';', amp) < 0 ? amp : buf.length;
          text(buf.slice(i, cut)); countLines(buf.slice(i, cut)); i = cut;
        }
        break;
      }
      if (lt > i) { const t = buf.slice(i, lt); text(t); countLines(t); i = lt; }
      let end: number;
      const startLine = line;
      if (buf.startsWith('<!--', i)) {
        end = buf.indexOf('-->', i + 4);
        if (end < 0) break;
        countLines(buf.slice(i, end + 3));
        i = end + 3;
      } else if (buf.startsWith('<![CDATA[', i)) {
        end = buf.indexOf(']]>', i + 9);
        if (end < 0) break;
        const t = buf.slice(i + 9, end);
        if (current.length) current[current.length - 1].text += t;
        countLines(t);
        i = end + 3;
      } else if (buf.startsWith('<?', i)) {
        end = buf.indexOf('?>', i + 2);
        if (end < 0) break;
        countLines(buf.slice(i, end + 2));
        i = end + 2;
      } else if (buf.startsWith('<!', i)) {
        end = buf.indexOf('>', i + 2);
        if (end < 0) break;
        if (buf.slice(i, end).includes('[')) fail('DTD internal subsets are not supported');
        countLines(buf.slice(i, end + 1));
        i = end + 1;
      } else {
        // a tag ends at the first '>' outside quotes
        let j = i + 1;
        let quote = 0;
        for (; j < buf.length; j++) {
          const c = buf.charCodeAt(j);
          if (quote) { if (c === quote) quote = 0; }
          else if (c === 34 || c === 39) quote = c;
          else if (c === 62) break;
          else if (c === 60) fail('"<" inside a tag');
        }
        if (j >= buf.length) break;
        const tag = buf.slice(i + 1, j);
        countLines(tag);
        if (tag[0] === '/') {
          const name = tag.slice(1).trim();
          if (!NAME_RE.test(name)) fail(`bad end tag </${name.slice(0, 30)}>`);
          close(local(name));
        } else open(tag.trim(), startLine);
        i = j + 1;
      }
    }
    buf = buf.slice(i);
  };

  for await (const chunk of chunks) {
    buf += chunk;
    step(false);
    while (out.length) yield out.shift()!;
  }
  step(true);
  while (out.length) yield out.shift()!;
  if (buf.length) fail('unexpected end of file inside markup');
  if (path.length) fail(`unexpected end of file: <${path[path.length - 1]}> is not closed`);
  if (!rootSeen) fail('no root element');
}

/** First child element named `name`. */
export function child(n: XmlNode | undefined, name: string): XmlNode | undefined {
  return n?.children.find((c) => c.name === name);
}
/** All child elements named `name`. */
export function children(n: XmlNode | undefined, name: string): XmlNode[] {
  return n ? n.children.filter((c) => c.name === name) : [];
}
/** All descendants named `name`, depth first. */
export function descendants(n: XmlNode, name: string, into: XmlNode[] = []): XmlNode[] {
  for (const c of n.children) {
    if (c.name === name) into.push(c);
    descendants(c, name, into);
  }
  return into;
}
/** Trimmed text of the first child named `name`, or ''. */
export function textOf(n: XmlNode | undefined, name: string): string {
  return child(n, name)?.text.trim() ?? '';
}
