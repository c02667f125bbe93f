/**
 * Enough YAML to read electron-builder.yml in a test (no YAML parser is
 * installed): block mappings and sequences by indentation, plain, quoted and
 * folded (`>-`) scalars, comments. Anything else is an error, so a change to
 * the file that leaves this subset fails loudly instead of passing unread.
 */
type Line = { indent: number; text: string; no: number };

export class MiniYamlError extends Error {}

function scalar(raw: string, no: number): unknown {
  const text = raw.trim();
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new MiniYamlError(`line ${no}: unterminated string`);
    return JSON.parse(text);
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new MiniYamlError(`line ${no}: unterminated string`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (/^[[{&*!|>%@`]/.test(text)) throw new MiniYamlError(`line ${no}: unsupported YAML: ${text}`);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null' || text === '~' || text === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

export function parseMiniYaml(source: string): unknown {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    if (raw.includes('\t')) throw new MiniYamlError(`line ${i + 1}: tab`);
    const text = stripComment(raw);
    if (text.trim() === '') return;
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), no: i + 1 });
  });
  let pos = 0;

  const block = (indent: number): unknown => {
    const first = lines[pos];
    if (!first || first.indent < indent) return null;
    return first.text.startsWith('- ') || first.text === '-' ? sequence(first.indent) : mapping(first.indent);
  };

  const folded = (parentIndent: number): string => {
    const parts: string[] = [];
    while (pos < lines.length && lines[pos]!.indent > parentIndent) parts.push(lines[pos++]!.text);
    return parts.join(' ');
  };

  const value = (rest: string, indent: number, no: number): unknown => {
    if (rest === '') return block(indent + 1);
    if (rest === '>-' || rest === '>') return folded(indent);
    return scalar(rest, no);
  };

  const mapping = (indent: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    while (pos < lines.length && lines[pos]!.indent === indent && !lines[pos]!.text.startsWith('- ')) {
      const line = lines[pos++]!;
      const m = /^("[^"]*"|[^:]+?):(?:\s+(.*))?$/.exec(line.text);
      if (!m) throw new MiniYamlError(`line ${line.no}: expected "key: value", got ${line.text}`);
      const key = m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!;
      if (key in out) throw new MiniYamlError(`line ${line.no}: duplicate key ${key}`);
      out[key] = value(m[2] ?? '', indent, line.no);
    }
    if (pos < lines.length && lines[pos]!.indent > indent) throw new MiniYamlError(`line ${lines[pos]!.no}: bad indentation`);
    return out;
  };

  const sequence = (indent: number): unknown[] => {
    const out: unknown[] = [];
    while (pos < lines.length && lines[pos]!.indent === indent && lines[pos]!.text.startsWith('- ')) {
      const line = lines[pos]!;
      const rest = line.text.slice(2);
      if (/^("[^"]*"|[\w$.\[\]-]+):(\s|$)/.test(rest)) {
        // "- key: value" opens a mapping whose keys sit two columns in.
        lines[pos] = { indent: indent + 2, text: rest, no: line.no };
        out.push(mapping(indent + 2));
      } else {
        pos++;
        out.push(scalar(rest, line.no));
      }
    }
    return out;
  };

  const result = block(0);
  if (pos !== lines.length) throw new MiniYamlError(`line ${lines[pos]!.no}: not understood`);
  return result;
}
