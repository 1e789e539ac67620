'use strict';
// Builds course packages from the contract in docs/architecture.md, without the engine:
// launch page(s) with the two placeholders substituted, player/*, content/course-data.js.
// Also: reads the fixture course, exports it with the real CLI and unzips the result.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PLAYER_DIR = path.join(ROOT, 'assets', 'player');
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'browser-course');
const STATUS_TABLE = JSON.parse(fs.readFileSync(path.join(PLAYER_DIR, 'status-table.json'), 'utf8'));

/** The player's parts in load order, from `PLAYER_JS = concat!(include_str!(…), …)` in src/engine/player_assets.rs. */
function playerParts() {
  const rs = fs.readFileSync(path.join(ROOT, 'src', 'engine', 'player_assets.rs'), 'utf8');
  const m = /pub const PLAYER_JS: &str = concat!\(([\s\S]*?)\);/.exec(rs);
  if (!m) throw new Error('src/engine/player_assets.rs: no `PLAYER_JS = concat!(...)`');
  return [...m[1].matchAll(/include_str!\("\.\.\/\.\.\/assets\/player\/js\/([\w.-]+)"\)/g)].map((x) => x[1]);
}

/** The package's player/player.js: the parts joined the way the engine joins them (concat!). */
function playerJs() {
  return playerParts().map((f) => fs.readFileSync(path.join(PLAYER_DIR, 'js', f), 'utf8')).join('');
}

function launchPage(lang, sco) {
  const ok = /^[A-Za-z0-9_-]*$/;
  if (!ok.test(lang) || !ok.test(sco)) throw new Error('placeholder values must match [A-Za-z0-9_-]');
  return fs.readFileSync(path.join(PLAYER_DIR, 'launch.html'), 'utf8').split('{{LANG}}').join(lang).split('{{SCO}}').join(sco);
}

/** Write an unpacked package for a COURSE_DATA object (and a course's media/ folder). Returns the launch page names. */
function writePackage(dir, data, mediaDir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'player'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'player', 'player.js'), playerJs());
  fs.copyFileSync(path.join(PLAYER_DIR, 'player.css'), path.join(dir, 'player', 'player.css'));
  fs.writeFileSync(path.join(dir, 'content', 'course-data.js'), 'window.COURSE_DATA = ' + JSON.stringify(data) + ';\n');
  if (mediaDir) fs.cpSync(mediaDir, path.join(dir, 'media'), { recursive: true });
  const pages = [];
  if (data.export_mode === 'single') {
    fs.writeFileSync(path.join(dir, 'index.html'), launchPage(data.language, ''));
    pages.push('index.html');
  } else {
    for (const sco of data.scos) {
      const name = 'sco-' + sco.id + '.html';
      fs.writeFileSync(path.join(dir, name), launchPage(data.language, sco.id));
      pages.push(name);
    }
  }
  return pages;
}

/**
 * A small Markdown subset, enough for the fixture and the sample course (the engine uses
 * pulldown-cmark): headings, paragraphs, lists, tables, block quotes, emphasis, code, links, and
 * image links that become images or, for video / audio files, the engine's media figure
 * (src/engine/render.rs). Media paths `../media/x` become the packaged `media/x`.
 */
function miniMarkdown(md) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const media = (p) => p.replace(/^(\.\.\/)?media\//, 'media/');
  const inline = (s) => esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/!\[([^\]]*)\]\(([^)]+)\)/g, (m, alt, src) => `<img src="${media(src)}" alt="${alt}">`)
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>');
  const cells = (line) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  return md.trim().split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n');
    const h = /^(#{1,6})\s+(.*)$/.exec(lines[0]);
    if (h && lines.length === 1) return `<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`;
    const only = /^!\[([^\]]*)\]\(([^)]+)\)$/.exec(block.trim());
    if (only && /\.(mp4|webm|m4v|mov)$/i.test(only[2])) {
      return `<figure class="media media-video"><video controls preload="metadata" src="${media(only[2])}" aria-label="${esc(only[1])}"></video><figcaption>${esc(only[1])}</figcaption></figure>`;
    }
    if (only && /\.(m4a|mp3|ogg|wav|aac)$/i.test(only[2])) {
      return `<figure class="media media-audio"><audio controls preload="metadata" src="${media(only[2])}" aria-label="${esc(only[1])}"></audio><figcaption>${esc(only[1])}</figcaption></figure>`;
    }
    if (lines.length >= 2 && /^\s*\|/.test(lines[0]) && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[1])) {
      const head = cells(lines[0]).map((c) => `<th>${inline(c)}</th>`).join('');
      const rows = lines.slice(2).map((l) => '<tr>' + cells(l).map((c) => `<td>${inline(c)}</td>`).join('') + '</tr>').join('');
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    if (lines.every((l) => /^[-*]\s+/.test(l))) return '<ul>' + lines.map((l) => '<li>' + inline(l.replace(/^[-*]\s+/, '')) + '</li>').join('') + '</ul>';
    if (lines.every((l) => /^\d+\.\s+/.test(l))) return '<ol>' + lines.map((l) => '<li>' + inline(l.replace(/^\d+\.\s+/, '')) + '</li>').join('') + '</ol>';
    if (lines.every((l) => /^>\s?/.test(l))) return '<blockquote><p>' + inline(lines.map((l) => l.replace(/^>\s?/, '')).join(' ')) + '</p></blockquote>';
    return '<p>' + inline(lines.join(' ')) + '</p>';
  }).join('\n');
}

const DEFAULT_SETTINGS = {
  scorm_version: '2004-4th',
  export_mode: 'single',
  extended_analytics: false,
  tracking: { mode: 'course-completion', pass_threshold_percent: 100 },
  status_format: 'passed-incomplete',
  save_on: ['navigation', 'unload'],
  save_interval_seconds: 30,
  debug: false
};

/** COURSE_DATA for a course.json-shaped object (sections with `markdown` or `file`), with settings. */
function courseData(course, settings, baseDir) {
  const s = Object.assign({}, DEFAULT_SETTINGS, settings || {});
  const sections = course.sections.map((sec) => {
    if (sec.quiz) {
      return {
        id: sec.id, title: sec.title, kind: 'quiz',
        quiz: {
          pass_threshold_percent: sec.quiz.pass_threshold_percent,
          // Optional (docs/architecture.md (COURSE_DATA)): left out when the course has none, as the engine does.
          ...(sec.quiz.show_correct_answers != null ? { show_correct_answers: sec.quiz.show_correct_answers } : {}),
          ...(sec.quiz.max_attempts != null ? { max_attempts: sec.quiz.max_attempts } : {}),
          questions: sec.quiz.questions.map((q) => ({
            id: q.id, type: q.type, prompt: q.prompt,
            options: q.type === 'true-false' ? ['True', 'False'] : q.options,
            correct: q.correct.map((c) => (c === true ? 'True' : c === false ? 'False' : String(c))),
            weight: q.weight == null ? 1 : q.weight,
            ...(q.explanation != null ? { explanation: q.explanation } : {})
          }))
        }
      };
    }
    if (sec.html != null) return { id: sec.id, title: sec.title, kind: 'content', html: sec.html };
    const md = sec.markdown != null ? sec.markdown : fs.readFileSync(path.join(baseDir, sec.file), 'utf8');
    return { id: sec.id, title: sec.title, kind: 'content', html: miniMarkdown(md) };
  });
  const scos = s.export_mode === 'single'
    ? [{ id: '', sections: sections.map((x) => x.id) }]
    : sections.map((x) => ({ id: x.id, sections: [x.id] }));
  return {
    format: 1,
    title: course.title,
    language: course.language || 'en',
    description: course.description || '',
    scorm_version: s.scorm_version,
    export_mode: s.export_mode,
    extended_analytics: s.extended_analytics,
    tracking: s.tracking,
    status_format: s.status_format,
    save_on: s.save_on,
    save_interval_seconds: s.save_interval_seconds,
    debug: s.debug,
    status_table: STATUS_TABLE,
    sections,
    scos
  };
}

const SAMPLE = path.join(ROOT, 'assets', 'sample-course');

/** The sample course (assets/sample-course) as COURSE_DATA, for layout tests on real content. */
function sampleCourseData(settings) {
  return courseData(JSON.parse(fs.readFileSync(path.join(SAMPLE, 'course.json'), 'utf8')), settings, SAMPLE);
}

function fixtureCourse() {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE, 'course.json'), 'utf8'));
}

function fixtureCourseData(settings) {
  return courseData(fixtureCourse(), settings, FIXTURE);
}

/** A generated course: `sectionCount` sections in all, of which quizzes of 10 questions hold `questionCount` questions. */
function largeCourse(sectionCount, questionCount) {
  const types = ['single-choice', 'multiple-choice', 'true-false', 'fill-in', 'numeric'];
  const quizzes = [];
  for (let q = 0, z = 0; q < questionCount; z++) {
    const questions = [];
    for (let k = 0; k < 10 && q < questionCount; k++, q++) {
      const type = types[q % 5];
      const base = { id: 'q' + q, type, prompt: 'Question ' + q };
      if (type === 'single-choice') Object.assign(base, { options: ['Alpha', 'Beta', 'Gamma', 'Delta'], correct: ['Beta'] });
      if (type === 'multiple-choice') Object.assign(base, { options: ['A', 'B', 'C', 'D', 'E'], correct: ['A', 'E'] });
      if (type === 'true-false') Object.assign(base, { correct: [true] });
      if (type === 'fill-in') Object.assign(base, { correct: ['hard hat'] });
      if (type === 'numeric') Object.assign(base, { correct: ['40:45'] });
      questions.push(base);
    }
    quizzes.push({ id: 'quiz-' + z, title: 'Quiz ' + (z + 1), quiz: { pass_threshold_percent: 80, questions } });
  }
  const sections = [];
  for (let i = 0; i < sectionCount - quizzes.length; i++) {
    sections.push({ id: 'sec-' + i, title: 'Section ' + (i + 1), html: '<p>Content of section ' + (i + 1) + '.</p>' });
  }
  return { title: 'Large Course', language: 'en', sections: sections.concat(quizzes) };
}

/** Export a course (default: the fixture course) with the real CLI and unzip it into `dir`. */
function exportWithCli(bin, dir, args, course) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const zip = dir + '.zip';
  fs.rmSync(zip, { force: true });
  execFileSync(bin, ['export', '--course', course || FIXTURE, '--out', zip].concat(args), { stdio: 'pipe' });
  execFileSync('unzip', ['-q', '-o', zip, '-d', dir], { stdio: 'pipe' });
  return dir;
}

module.exports = { ROOT, FIXTURE, SAMPLE, STATUS_TABLE, sampleCourseData, playerParts, playerJs, launchPage, writePackage, courseData, fixtureCourse, fixtureCourseData, largeCourse, exportWithCli, miniMarkdown };
