/**
 * Generates a DocFX documentation set the size of a real published one, for the docs-build
 * benchmark: `count` documents in English and the same in French (Russian readers get the
 * English pages), each with front matter, an H1 anchor, "applies to" and roles lists, sections
 * with anchors, alerts and links to its neighbours, and a TOC.yml per locale with nested
 * sections. The words come from the portal's own documentation, picked by a seeded generator,
 * so every run writes the same set and the search index has a real vocabulary.
 */
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const CLOUD_NAMES = {
  en: [
    "Partner Center",
    "Partner Center for Microsoft Cloud for US Government",
    "Partner Center for Microsoft Cloud Germany",
    "Partner Center operated by 21Vianet",
  ],
  "fr-FR": [
    "Espace partenaires",
    "Espace partenaires pour Microsoft Cloud for US Government",
    "Espace partenaires pour Microsoft Cloud Germany",
    "Espace partenaires géré par 21Vianet",
  ],
} as const;

const TEXT = {
  en: {
    applies: "Applies to",
    roles: "Appropriate roles",
    roleNames: ["Global admin", "Admin agent", "Sales agent"],
    title: "Partner task",
    section: "Section",
    group: "Topics",
    before: "Before you begin",
    steps: "Steps",
    next: "Next steps",
    see: "See also",
    note: "NOTE",
  },
  "fr-FR": {
    applies: "S’applique à",
    roles: "Rôles appropriés",
    roleNames: ["Administrateur général", "Agent d’administration", "Agent commercial"],
    title: "Tâche du partenaire",
    section: "Section",
    group: "Rubriques",
    before: "Avant de commencer",
    steps: "Étapes",
    next: "Étapes suivantes",
    see: "Voir aussi",
    note: "NOTE",
  },
} as const;

type GeneratedLocale = keyof typeof TEXT;
const LOCALES: readonly GeneratedLocale[] = ["en", "fr-FR"];

/** Documents per TOC section, and per group inside a section. */
const SECTION = 20;
const GROUP = 10;

/** mulberry32: a small seeded generator, so that every run writes the same set. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The words of the portal's own pages in a locale (front matter and markup left out). */
async function vocabulary(root: URL, locale: GeneratedLocale): Promise<string[]> {
  const dir = new URL(`src/content/docs/${locale}/`, root);
  const words = new Set<string>();
  for (const name of await readdir(dir)) {
    const text = (await readFile(new URL(name, dir), "utf8")).split(/^---$/m)[2] ?? "";
    for (const word of text.toLowerCase().match(/\p{L}{3,}/gu) ?? []) words.add(word);
  }
  return [...words].sort();
}

const slugOf = (i: number): string => `generated-page-${String(i).padStart(5, "0")}`;

/** The clouds of document `i`: a quarter in every cloud, the rest in one or two. */
function cloudsOf(i: number): number[] {
  return [[0, 1, 2, 3], [0, 1], [0], [0, 2]][i % 4] ?? [0];
}

function page(i: number, count: number, locale: GeneratedLocale, words: string[]): string {
  const text = TEXT[locale];
  const next = random(i * 7919 + (locale === "en" ? 1 : 2));
  const pick = (n: number): string =>
    Array.from({ length: n }, () => words[Math.floor(next() * words.length)] ?? "portal").join(" ");
  const sentence = (): string => {
    const body = pick(8 + Math.floor(next() * 10));
    return `${body.charAt(0).toUpperCase()}${body.slice(1)}.`;
  };
  const paragraph = (): string => Array.from({ length: 4 }, sentence).join(" ");
  const link = (j: number, anchor = ""): string =>
    `[${text.title} ${j + 1}](${slugOf(j)}.md${anchor})`;
  const previous = (i + count - 1) % count;
  const following = (i + 1) % count;
  const title = `${text.title} ${i + 1}: ${pick(3)}`;
  return [
    "---",
    `title: ${JSON.stringify(title)}`,
    `description: ${JSON.stringify(sentence())}`,
    "ms.date: 11/20/2026",
    `ms.contentlocale: ${locale === "en" ? "en-US" : locale}`,
    "ms.translationtype: HT",
    "ms.topic: how-to",
    `keywords: ${pick(3).split(" ").join(", ")}`,
    "---",
    "",
    `# <a name="${slugOf(i)}"></a>${title}`,
    "",
    `**${text.applies}**`,
    "",
    ...cloudsOf(i).map((c) => `- ${CLOUD_NAMES[locale][c]}`),
    "",
    `**${text.roles}**`,
    "",
    ...text.roleNames.slice(0, 1 + (i % 3)).map((role) => `- ${role}`),
    "",
    paragraph(),
    "",
    `## <a name="before-you-begin"></a>${text.before}`,
    "",
    paragraph(),
    "",
    `> [!${text.note}]`,
    `> ${sentence()}`,
    "",
    `## <a name="steps"></a>${text.steps}`,
    "",
    ...Array.from({ length: 5 }, (_, n) => `${n + 1}. ${sentence()}`),
    "",
    paragraph(),
    "",
    `## <a name="next-steps"></a>${text.next}`,
    "",
    `- ${link(previous)}`,
    `- ${link(following, "#before-you-begin")}`,
    "",
    `${text.see}: ${link((i * 37 + 11) % count, "#steps")}. ${paragraph()}`,
    "",
  ].join("\n");
}

/** A TOC.yml of `count` documents: sections of 20, each in two groups of 10. */
function toc(count: number, locale: GeneratedLocale): string {
  const text = TEXT[locale];
  const lines: string[] = [];
  for (let start = 0; start < count; start += SECTION) {
    lines.push(`- name: ${text.section} ${start / SECTION + 1}`, "  items:");
    for (let group = start; group < Math.min(start + SECTION, count); group += GROUP) {
      lines.push(`    - name: ${text.group} ${group + 1}–${group + GROUP}`, "      items:");
      for (let i = group; i < Math.min(group + GROUP, count); i++) {
        lines.push(`        - name: ${text.title} ${i + 1}`, `          href: ${slugOf(i)}.md`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Writes the set into `dir` (`en/…`, `fr-FR/…`, a TOC.yml in each) and returns the number of
 * documents written.
 *
 * @example
 * await generateDocs(new URL("../", import.meta.url), "/tmp/docs-1000", 1000);
 */
export async function generateDocs(root: URL, dir: string, count: number): Promise<number> {
  let written = 0;
  for (const locale of LOCALES) {
    const words = await vocabulary(root, locale);
    const folder = join(dir, locale);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "TOC.yml"), toc(count, locale));
    for (let i = 0; i < count; i++) {
      await writeFile(join(folder, `${slugOf(i)}.md`), page(i, count, locale, words));
      written++;
    }
  }
  return written;
}

/** The slug of a generated document, for the benchmark's search and page checks. */
export { slugOf as generatedSlug };
