//! Plans and writes SCORM packages. The plan (manifest + file list + sizes) is what the studio
//! previews; `export` writes it: a temp file next to the destination, self-checked, then renamed.
//! A failed or cancelled export leaves nothing behind and the previous file intact.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::check::{CheckReport, check_package};
use super::course::{Course, MediaKind, MediaRef, SectionKind};
use super::course_data::{course_data, course_data_js, sco_key};
use super::error::ExportError;
use super::ids::{ResolvedIds, derive_ids};
use super::manifest::{ManifestInput, Sco, write_manifest};
use super::media::{self, MediaOptions, PreparedMedia};
use super::player_assets::{PLAYER_FILES, launch_page};
use super::publish;
use super::settings::{ExportMode, ExportSettings, IdMode, TrackingMode};

pub use super::manifest::MANIFEST_NAME;
const COURSE_DATA_PATH: &str = "content/course-data.js";
const SHARED_RESOURCE_ID: &str = "RES-SHARED";

/// Where the bytes of one zip entry come from.
#[derive(Debug, Clone)]
pub enum EntrySource {
    Bytes(Vec<u8>),
    Media(MediaRef),
}

#[derive(Debug, Clone)]
pub struct PlannedEntry {
    pub path: String,
    pub source: EntrySource,
    /// Size before compression (the original's size for media that will be processed).
    pub size: u64,
}

/// One package to write.
#[derive(Debug, Clone)]
pub struct PackagePlan {
    /// Section id for per-section packages (file name suffix); `None` otherwise.
    pub suffix: Option<String>,
    pub ids: ResolvedIds,
    pub manifest: String,
    pub scos: Vec<Sco>,
    /// Every entry except the manifest, in zip order.
    pub entries: Vec<PlannedEntry>,
    /// Things the user should know that do not stop the export.
    pub warnings: Vec<String>,
}

impl PackagePlan {
    /// The media entries, with the course file each comes from.
    fn media_entries(&self) -> impl Iterator<Item = (&PlannedEntry, &MediaRef)> {
        self.entries.iter().filter_map(|e| match &e.source {
            EntrySource::Media(m) => Some((e, m)),
            EntrySource::Bytes(_) => None,
        })
    }

    pub fn total_size(&self) -> u64 {
        self.manifest.len() as u64 + self.entries.iter().map(|e| e.size).sum::<u64>()
    }
    /// A rough compressed size: text deflates to about a third, media is stored.
    pub fn estimated_zip_size(&self) -> u64 {
        let mut n = self.manifest.len() as u64 / 3;
        for e in &self.entries {
            n += if is_precompressed(&e.path) {
                e.size
            } else {
                e.size / 3
            } + 80;
        }
        n
    }
}

/// The ids of an export: custom as typed, or derived (stable per course and export name).
pub fn resolve_ids(course: &Course, settings: &ExportSettings) -> ResolvedIds {
    let m = &settings.manifest_ids;
    match m.mode {
        IdMode::Custom => ResolvedIds {
            manifest: m.identifier.clone(),
            organization: m.organization_id.clone(),
            item: m.item_id.clone(),
        },
        IdMode::New => derive_ids(&course.title, &settings.export_name, &m.salt),
    }
}

/// Plan every package of this export. Validates the settings first.
///
/// The steps, top-down: `packages` resolves which packages, with their settings, ids and
/// sections; then per package `plan_package`: `collect_media`, `scos` and `manifest` (the
/// manifest model and its XML), `file_list` (every zip entry). [`export`] then writes each plan
/// (`write_zip`).
pub fn plan(
    course: &Course,
    settings: &ExportSettings,
    media_opts: &MediaOptions,
) -> Result<Vec<PackagePlan>, ExportError> {
    let problems = settings.validate(course);
    if !problems.is_empty() {
        return Err(ExportError::Settings(problems));
    }
    // Once per export: a per-section export of 10,000 sections plans 10,000 packages.
    let poster_names = super::posters::names(course, media_opts);
    let mut plans: Vec<PackagePlan> = packages(course, settings)
        .iter()
        .map(|package| plan_package(course, package, media_opts, &poster_names))
        .collect();
    // Once per export, not once per package.
    if let Some(first) = plans.first_mut() {
        first.warnings.extend(language_warning(course));
        let t = &settings.completion_tracking;
        if t.mode == super::settings::TrackingMode::CourseCompletion
            && t.pass_threshold_percent == 0
        {
            first.warnings.push(
                "the course pass threshold is 0 %: the LMS marks the course complete as soon \
                 as a learner opens it"
                    .into(),
            );
        }
    }
    Ok(plans)
}

/// The player's own words (buttons, results, notices) fall back to English for a language it
/// does not ship: say so before the designer uploads a German course with English buttons.
fn language_warning(course: &Course) -> Option<String> {
    if super::player_assets::player_speaks(&course.language) {
        return None;
    }
    Some(format!(
        "the player has no words in the course language “{}”: learners see its buttons and \
         messages in English (it speaks {})",
        course.language,
        super::player_assets::player_languages().join(", ")
    ))
}

/// One package of an export before planning: its settings, ids and sections.
struct PackageSpec<'a> {
    settings: ExportSettings,
    ids: ResolvedIds,
    /// The published sections it holds, in course order.
    sections: Vec<&'a str>,
    /// One SCO per section (multi export) instead of one SCO for all.
    sco_per_section: bool,
    /// Section id for per-section packages (file name suffix); `None` otherwise.
    suffix: Option<String>,
}

impl PackageSpec<'_> {
    /// The final quiz's section id under quiz-results tracking.
    fn final_quiz(&self) -> Option<&str> {
        let t = &self.settings.completion_tracking;
        match t.mode {
            TrackingMode::QuizResults => t.final_quiz.as_deref(),
            TrackingMode::CourseCompletion => None,
        }
    }
}

/// Step 1, resolve ids: the packages of the export. Single and multi export write one package;
/// per-section export one per published section, each with the section id appended to the ids.
fn packages<'a>(course: &'a Course, settings: &ExportSettings) -> Vec<PackageSpec<'a>> {
    let published = settings.published(course);
    let ids = resolve_ids(course, settings);
    let whole = |sco_per_section| PackageSpec {
        settings: settings.clone(),
        ids: ids.clone(),
        sections: published.clone(),
        sco_per_section,
        suffix: None,
    };
    match settings.export_mode {
        ExportMode::Single => vec![whole(false)],
        ExportMode::Multi => vec![whole(true)],
        ExportMode::MultiPerSection => published
            .iter()
            .map(|id| PackageSpec {
                settings: per_section_settings(settings, id),
                ids: ResolvedIds {
                    manifest: format!("{}-{id}", ids.manifest),
                    organization: format!("{}-{id}", ids.organization),
                    item: format!("{}-{id}", ids.item),
                },
                sections: vec![*id],
                sco_per_section: false,
                suffix: Some((*id).to_owned()),
            })
            .collect(),
    }
}

/// One package per section: the package that holds the final quiz keeps quiz-results tracking;
/// the others track their own section's completion (viewed = done), with the status format's
/// course-completion counterpart where the chosen one needs a quiz.
fn per_section_settings(settings: &ExportSettings, section: &str) -> ExportSettings {
    let mut s = settings.clone();
    let t = &mut s.completion_tracking;
    if t.mode == TrackingMode::QuizResults && t.final_quiz.as_deref() != Some(section) {
        t.mode = TrackingMode::CourseCompletion;
        t.pass_threshold_percent = 100;
        s.reporting.status_format = s.reporting.status_format.for_content_only();
    }
    s
}

/// Steps 2 and 3 for one package: its media, SCOs, manifest and zip entries.
fn plan_package(
    course: &Course,
    package: &PackageSpec,
    media_opts: &MediaOptions,
    poster_names: &PosterNames,
) -> PackagePlan {
    let mut media = collect_media(course, &package.sections, media_opts, poster_names);
    let scos = scos(course, package, &media);
    let manifest = manifest(course, package, &scos);
    let media_warnings = std::mem::take(&mut media.warnings);
    let warnings = scos
        .iter()
        .filter_map(|s| {
            super::suspend_data::warning(
                course,
                &s.title,
                &s.sections,
                package.settings.scorm_version,
            )
        })
        .chain(media_warnings)
        .collect();
    let entries = file_list(course, package, &scos, media);
    PackagePlan {
        suffix: package.suffix.clone(),
        ids: package.ids.clone(),
        manifest,
        scos,
        entries,
        warnings,
    }
}

/// The poster frame name of each video without an image beside it (see `posters::names`).
type PosterNames = HashMap<PathBuf, Option<String>>;

/// The media of a package's sections, as packaged.
struct PackageMedia {
    /// One entry per packaged file, in section order.
    entries: Vec<PlannedEntry>,
    /// Per section id: the packaged path of each of its media files.
    by_section: HashMap<String, Vec<String>>,
    /// Per section id: the Markdown link destination → packaged path.
    links: HashMap<String, HashMap<String, String>>,
    /// Per section id: packaged video/audio path → its captions, poster and transcript.
    extras: HashMap<String, HashMap<String, super::render::MediaExtras>>,
    /// Videos left without a poster, and why (said once per package).
    warnings: Vec<String>,
}

/// The packaged path of every media file of these sections, and per section the Markdown link
/// destinations that point at them.
fn collect_media(
    course: &Course,
    sections: &[&str],
    media_opts: &MediaOptions,
    poster_names: &PosterNames,
) -> PackageMedia {
    let mut media = PackageMedia {
        entries: Vec::new(),
        by_section: HashMap::new(),
        links: HashMap::new(),
        extras: HashMap::new(),
        warnings: Vec::new(),
    };
    // Looked up once, only when a video needs a poster frame.
    let mut poster_ffmpeg: Option<bool> = None;
    let mut no_ffmpeg_for: Vec<String> = Vec::new();
    let mut entry_paths = std::collections::HashSet::new();
    for id in sections {
        let Some(section) = course.section(id) else {
            continue;
        };
        let SectionKind::Content(content) = &section.kind else {
            continue;
        };
        let md_dir = Path::new(&content.file)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let mut map = HashMap::new();
        for (_, dest) in super::render::local_links(&content.markdown) {
            if let Ok(src) = super::loader::resolve_inside(&course.root, &md_dir, &dest)
                && let Some(m) = content.media.iter().find(|m| m.source == src)
            {
                map.insert(dest, media::packaged_path(m, media_opts));
            }
        }
        let players: std::collections::HashSet<String> =
            super::render::video_players(&content.markdown)
                .iter()
                .filter_map(|dest| map.get(dest).cloned())
                .collect();
        media.links.insert(section.id.clone(), map);
        let packaged_of = |rel: &str| {
            content
                .media
                .iter()
                .find(|m| m.rel == rel)
                .map(|m| media::packaged_path(m, media_opts))
        };
        let mut extras = HashMap::new();
        for c in &content.companions {
            let Some(player) = packaged_of(&c.media) else {
                continue;
            };
            // The course language's captions first: the first track is the default one.
            let tracks = c
                .tracks
                .iter()
                .filter(|t| t.lang.is_none())
                .chain(c.tracks.iter().filter(|t| t.lang.is_some()))
                .filter_map(|t| {
                    let lang = t.lang.clone().unwrap_or_else(|| course.language.clone());
                    packaged_of(&t.rel).map(|p| (lang, p))
                })
                .collect();
            extras.insert(
                player,
                super::render::MediaExtras {
                    tracks,
                    poster: c.poster.as_deref().and_then(packaged_of),
                    // One transcript: the captions in the course's language, else the first.
                    transcript: c
                        .tracks
                        .iter()
                        .find(|t| t.lang.is_none())
                        .or_else(|| c.tracks.first())
                        .map(|t| t.cues.clone())
                        .unwrap_or_default(),
                },
            );
        }
        let posters = super::posters::for_section(
            content,
            &players,
            poster_names,
            &mut extras,
            media_opts,
            &mut media.warnings,
            &mut poster_ffmpeg,
        );
        for v in posters.without_ffmpeg {
            if !no_ffmpeg_for.contains(&v) {
                no_ffmpeg_for.push(v);
            }
        }
        media.extras.insert(section.id.clone(), extras);
        for m in content.media.iter().chain(&posters.frames) {
            let path = media::packaged_path(m, media_opts);
            media
                .by_section
                .entry(section.id.clone())
                .or_default()
                .push(path.clone());
            if entry_paths.insert(path.clone()) {
                media.entries.push(PlannedEntry {
                    path,
                    size: m.size,
                    source: EntrySource::Media(m.clone()),
                });
            }
        }
    }
    if !no_ffmpeg_for.is_empty() {
        media.warnings.push(super::posters::no_ffmpeg_warning(
            &no_ffmpeg_for,
            media_opts,
        ));
    }
    media
}

/// The files every SCO uses: the player and the course data.
fn common_files() -> Vec<String> {
    PLAYER_FILES
        .iter()
        .map(|(p, _)| (*p).to_owned())
        .chain(std::iter::once(COURSE_DATA_PATH.to_owned()))
        .collect()
}

/// Step 2, the manifest model: one SCO per section (multi export), or one SCO for the package.
fn scos(course: &Course, package: &PackageSpec, media: &PackageMedia) -> Vec<Sco> {
    let final_quiz = package.final_quiz();
    if package.sco_per_section {
        return package
            .sections
            .iter()
            .filter_map(|id| course.section(id))
            .map(|s| {
                let href = format!("sco-{}.html", s.id);
                let mut files = vec![href.clone()];
                files.extend(media.by_section.get(&s.id).cloned().unwrap_or_default());
                Sco {
                    item_id: format!("{}-{}", package.ids.item, s.id),
                    resource_id: format!("RES-{}", s.id),
                    title: s.title.clone(),
                    href,
                    files,
                    sections: vec![s.id.clone()],
                    has_final_quiz: final_quiz == Some(s.id.as_str()),
                }
            })
            .collect();
    }
    // A per-section package is titled after its section, any other after the course.
    let first = package.sections.first().and_then(|id| course.section(id));
    let title = match (&package.suffix, first) {
        (Some(_), Some(s)) => s.title.clone(),
        _ => course.title.clone(),
    };
    let mut files = vec!["index.html".to_owned()];
    files.extend(common_files());
    files.extend(media.entries.iter().map(|e| e.path.clone()));
    vec![Sco {
        item_id: package.ids.item.clone(),
        resource_id: format!("RES-{}", package.ids.item),
        title,
        href: "index.html".into(),
        files,
        sections: package.sections.iter().map(|s| (*s).to_owned()).collect(),
        has_final_quiz: final_quiz.is_some_and(|q| package.sections.contains(&q)),
    }]
}

/// Step 2, the manifest XML for these SCOs. Multi export shares the player and course data
/// between its SCOs as one asset resource.
fn manifest(course: &Course, package: &PackageSpec, scos: &[Sco]) -> String {
    let shared = if package.sco_per_section {
        common_files()
    } else {
        Vec::new()
    };
    let final_quiz = package.final_quiz().and_then(|id| {
        course
            .quizzes()
            .find(|(s, _)| s.id == id)
            .map(|(_, q)| (q.pass_threshold_percent, q.questions.len()))
    });
    let settings = &package.settings;
    write_manifest(&ManifestInput {
        version: settings.scorm_version,
        ids: &package.ids,
        course,
        scos,
        shared_files: &shared,
        shared_resource_id: SHARED_RESOURCE_ID,
        tracking: &settings.completion_tracking,
        status_format: settings.reporting.status_format,
        final_quiz,
    })
}

/// Step 3, the file list: every zip entry but the manifest, in zip order (launch pages, player,
/// course data, media).
fn file_list(
    course: &Course,
    package: &PackageSpec,
    scos: &[Sco],
    media: PackageMedia,
) -> Vec<PlannedEntry> {
    let entry = |path: &str, bytes: Vec<u8>| PlannedEntry {
        path: path.to_owned(),
        size: bytes.len() as u64,
        source: EntrySource::Bytes(bytes),
    };
    let mut entries: Vec<PlannedEntry> = scos
        .iter()
        .map(|sco| {
            let page = launch_page(&course.language, &sco_key(sco));
            entry(&sco.href, page.into_bytes())
        })
        .collect();
    entries.extend(
        PLAYER_FILES
            .iter()
            .map(|(path, content)| entry(path, content.to_vec())),
    );
    let data = course_data(
        course,
        &package.settings,
        &package.sections,
        scos,
        &media.links,
        &media.extras,
    );
    entries.push(entry(COURSE_DATA_PATH, course_data_js(&data).into_bytes()));
    entries.extend(media.entries);
    entries
}

/// Extensions whose content is already compressed: stored, not deflated.
pub fn is_precompressed(path: &str) -> bool {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "mp4"
            | "m4v"
            | "webm"
            | "mov"
            | "mp3"
            | "m4a"
            | "aac"
            | "ogg"
            | "oga"
            | "ogv"
            | "opus"
            | "jpg"
            | "jpeg"
            | "png"
            | "gif"
            | "webp"
            | "avif"
            | "woff"
            | "woff2"
            | "zip"
            | "gz"
            | "pdf"
    )
}

/// Progress of an export, for the progress bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// What is happening ("Writing package", "Compressing video", "Checking package").
    pub step: String,
    /// The file being worked on.
    pub file: String,
    /// 0.0..=1.0 over the whole export.
    pub fraction: f32,
}

/// What an export needs besides the course and settings.
pub struct ExportContext<'a> {
    pub progress: &'a (dyn Fn(Progress) + Sync),
    pub cancel: &'a AtomicBool,
    pub media: MediaOptions,
}

#[derive(Debug, Clone)]
pub struct ExportedPackage {
    pub path: PathBuf,
    pub size: u64,
    pub check: CheckReport,
}

#[derive(Debug, Clone)]
pub struct ExportReport {
    pub packages: Vec<ExportedPackage>,
    pub duration: Duration,
}

/// The output path of a plan: `out` itself, or `out-<section>.zip` for per-section packages.
pub fn output_path(out: &Path, plan: &PackagePlan) -> PathBuf {
    output_path_for(out, plan.suffix.as_deref())
}

/// The files an export to `out` writes, without planning it (no manifest, no media: the studio
/// asks before replacing, and a full plan of a 10,000-section course takes a second).
pub fn output_paths(course: &Course, settings: &ExportSettings, out: &Path) -> Vec<PathBuf> {
    match settings.export_mode {
        ExportMode::Single | ExportMode::Multi => vec![out.to_path_buf()],
        ExportMode::MultiPerSection => settings
            .published(course)
            .into_iter()
            .map(|id| output_path_for(out, Some(id)))
            .collect(),
    }
}

/// Where the package with this per-section `suffix` goes for destination `out`.
pub fn output_path_for(out: &Path, suffix: Option<&str>) -> PathBuf {
    match suffix {
        None => out.to_path_buf(),
        Some(id) => {
            let stem = out
                .file_stem()
                .map_or_else(|| "course".into(), |s| s.to_string_lossy().into_owned());
            out.with_file_name(format!("{stem}-{id}.zip"))
        }
    }
}

/// Export: plan, write each package to a temp file beside `out`, self-check, then rename all.
pub fn export(
    course: &Course,
    settings: &ExportSettings,
    out: &Path,
    ctx: &ExportContext,
) -> Result<ExportReport, ExportError> {
    let started = Instant::now();
    let mut media_opts = ctx.media.clone();
    let mut plans = plan(course, settings, &media_opts)?;
    // Poster frames first: a video ffmpeg cannot take a still from loses its poster (planned
    // again without it, and said), not the export.
    let posters: Vec<&MediaRef> = plans
        .iter()
        .flat_map(|p| p.media_entries().map(|(_, m)| m))
        .filter(|m| m.kind == MediaKind::PosterFrame)
        .collect();
    if !posters.is_empty() {
        let report = |i: usize| {
            (ctx.progress)(Progress {
                step: "Taking poster frames".into(),
                file: posters[i].rel.clone(),
                // Quick next to the rest of the export (whose fractions start at 0 after).
                fraction: 0.0,
            });
        };
        let failed = media::failed_poster_frames(&posters, &media_opts, &report, ctx.cancel)?;
        if !failed.is_empty() {
            media_opts.posterless.extend(failed);
            plans = plan(course, settings, &media_opts)?;
        }
    }
    let ctx = &ExportContext {
        progress: ctx.progress,
        cancel: ctx.cancel,
        media: media_opts,
    };
    super::dest_guard::refuse_output_over_input(course, plans.iter().map(|p| output_path(out, p)))?;
    let all_media: Vec<&MediaRef> = plans
        .iter()
        .flat_map(|p| p.media_entries().map(|(_, m)| m))
        .collect();
    media::preflight(&all_media, &ctx.media)?;

    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(ExportError::io("creating the folder", &dir))?;

    let total: u64 = plans
        .iter()
        .map(PackagePlan::total_size)
        .sum::<u64>()
        .max(1);
    let mut done: u64 = 0;
    let dests: Vec<PathBuf> = plans.iter().map(|p| output_path(out, p)).collect();
    publish::check_destinations(dests.iter().map(PathBuf::as_path))?;
    publish::clean_stale(
        &dests.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        &dir,
    );
    let mut temps = Vec::new();
    for (plan, dest) in plans.iter().zip(dests) {
        let name = dest.file_name().map_or_else(
            || "package.zip".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let tmp = publish::temp_for(&dest, &dir)?;
        write_zip(plan, tmp.as_file(), &dest, ctx, &mut done, total)?;
        if ctx.cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        (ctx.progress)(Progress {
            step: "Checking package".into(),
            file: name.clone(),
            fraction: done as f32 / total as f32,
        });
        let mut check = check_package(tmp.path());
        if !check.problems.is_empty() {
            return Err(ExportError::SelfCheck(check.problems));
        }
        // Known only now (the plan the caller showed could not know it): said with the package.
        for w in &plan.warnings {
            if w.contains(super::posters::NO_POSTER) && !check.warnings.contains(w) {
                check.warnings.push(w.clone());
            }
        }
        temps.push((tmp, dest, check));
    }
    if ctx.cancel.load(Ordering::Relaxed) {
        return Err(ExportError::Cancelled);
    }
    let mut packages = Vec::new();
    let mut files = Vec::new();
    for (tmp, dest, check) in temps {
        let size = tmp.as_file().metadata().map_or(0, |m| m.len());
        make_shareable(tmp.as_file(), &dest)?;
        packages.push(ExportedPackage {
            path: dest.clone(),
            size,
            check,
        });
        files.push((tmp, dest));
    }
    // All or nothing: a failed rename puts every previous package back.
    publish::replace_all(files, &dir)?;
    (ctx.progress)(Progress {
        step: "Done".into(),
        file: String::new(),
        fraction: 1.0,
    });
    Ok(ExportReport {
        packages,
        duration: started.elapsed(),
    })
}

/// Temp files are created owner-only (0600); a package is meant to be shared and uploaded, so it
/// gets the mode of any file the user creates (0644, or the previous file's mode when replacing).
fn make_shareable(file: &File, dest: &Path) -> Result<(), ExportError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dest).map_or(0o644, |m| m.permissions().mode() & 0o777);
        file.set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(ExportError::io("setting permissions of", dest))?;
    }
    #[cfg(not(unix))]
    let _ = (file, dest);
    Ok(())
}

/// A zip library error in plain words: an I/O failure names the file and the system's reason
/// ("No space left on device"), never the library's wrapper.
fn zip_err(dest: &Path) -> impl Fn(zip::result::ZipError) -> ExportError + '_ {
    move |e| match e {
        zip::result::ZipError::Io(io) => ExportError::io("writing", dest)(io),
        other => ExportError::Zip {
            path: dest.to_path_buf(),
            message: other.to_string(),
        },
    }
}

/// The temp file's writer. After the first failure (or once the export gave up on this file)
/// it swallows everything: the zip library's `Drop` would otherwise try to finish the broken
/// archive and print its internal error ("ZipWriter drop failed: Io(…)") to stderr. It keeps
/// counting positions, which the library checks.
struct Discardable<'a, W> {
    inner: W,
    discard: &'a std::cell::Cell<bool>,
    pos: u64,
    end: u64,
}

impl<'a, W> Discardable<'a, W> {
    fn new(inner: W, discard: &'a std::cell::Cell<bool>) -> Self {
        Discardable {
            inner,
            discard,
            pos: 0,
            end: 0,
        }
    }

    fn moved_to(&mut self, pos: u64) -> u64 {
        self.pos = pos;
        self.end = self.end.max(pos);
        pos
    }
}

impl<W: Write> Write for Discardable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = if self.discard.get() {
            buf.len()
        } else {
            self.inner
                .write(buf)
                .inspect_err(|_| self.discard.set(true))?
        };
        self.moved_to(self.pos + n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.discard.get() {
            return Ok(());
        }
        self.inner.flush().inspect_err(|_| self.discard.set(true))
    }
}

impl<W: Seek> Seek for Discardable<'_, W> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        use std::io::SeekFrom;
        if !self.discard.get() {
            let at = self
                .inner
                .seek(pos)
                .inspect_err(|_| self.discard.set(true))?;
            return Ok(self.moved_to(at));
        }
        let at = match pos {
            SeekFrom::Start(n) => n,
            SeekFrom::Current(d) => self.pos.saturating_add_signed(d),
            SeekFrom::End(d) => self.end.saturating_add_signed(d),
        };
        Ok(self.moved_to(at))
    }
}

type TempZip<'a> = ZipWriter<Discardable<'a, BufWriter<&'a File>>>;

/// Step 4, the zip: the manifest, then every planned entry (media prepared first, on all cores).
fn write_zip(
    plan: &PackagePlan,
    file: &File,
    dest: &Path,
    ctx: &ExportContext,
    done: &mut u64,
    total: u64,
) -> Result<(), ExportError> {
    let discard = std::cell::Cell::new(false);
    let mut zip = ZipWriter::new(Discardable::new(
        BufWriter::with_capacity(1 << 20, file),
        &discard,
    ));
    if let Err(e) = write_entries(&mut zip, plan, dest, ctx, done, total) {
        // The temp file is thrown away: nothing more needs writing to it.
        discard.set(true);
        return Err(e);
    }
    let w = zip.finish().map_err(zip_err(dest))?;
    let mut buffered = w.inner;
    buffered.flush().map_err(ExportError::io("writing", dest))?;
    let f = buffered
        .into_inner()
        .map_err(|e| ExportError::io("writing", dest)(e.into_error()))?;
    f.sync_all().map_err(ExportError::io("syncing", dest))?;
    Ok(())
}

fn write_entries(
    zip: &mut TempZip,
    plan: &PackagePlan,
    dest: &Path,
    ctx: &ExportContext,
    done: &mut u64,
    total: u64,
) -> Result<(), ExportError> {
    // A fixed timestamp keeps packages reproducible: same input, same bytes.
    let deflate = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let store = deflate.compression_method(CompressionMethod::Stored);
    zip.start_file(MANIFEST_NAME, deflate)
        .map_err(zip_err(dest))?;
    zip.write_all(plan.manifest.as_bytes())
        .map_err(ExportError::io("writing", dest))?;
    *done += plan.manifest.len() as u64;

    let mut prepared = prepare_media(plan, ctx, done, total)?.into_iter();

    for entry in &plan.entries {
        if ctx.cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        let opts = with_zip64_if_large(
            if is_precompressed(&entry.path) {
                store
            } else {
                deflate
            },
            entry.size,
        );
        let base = *done;
        let report = |step: &str, f: f32| {
            (ctx.progress)(Progress {
                step: step.to_owned(),
                file: entry.path.clone(),
                fraction: (base as f32 + entry.size as f32 * f) / total as f32,
            });
        };
        match &entry.source {
            EntrySource::Bytes(b) => {
                zip.start_file(entry.path.as_str(), opts)
                    .map_err(zip_err(dest))?;
                zip.write_all(b).map_err(ExportError::io("writing", dest))?;
            }
            EntrySource::Media(_) => {
                // Dropped after the copy: an uncached result's temp folder goes with it.
                let prepared = prepared.next().ok_or(ExportError::Cancelled)?;
                report("Writing package", 0.5);
                let mut src = File::open(&prepared.path)
                    .map_err(ExportError::io("reading", prepared.path.clone()))?;
                // The prepared file's own size counts (a transcode may differ from the plan).
                let size = src.metadata().map_or(entry.size, |m| m.len());
                zip.start_file(entry.path.as_str(), with_zip64_if_large(opts, size))
                    .map_err(zip_err(dest))?;
                copy_cancellable(&mut src, zip, ctx.cancel).map_err(|e| {
                    if ctx.cancel.load(Ordering::Relaxed) {
                        ExportError::Cancelled
                    } else {
                        ExportError::io("copying", prepared.path.clone())(e)
                    }
                })?;
            }
        }
        *done += match entry.source {
            EntrySource::Media(_) => entry.size - entry.size / 2,
            EntrySource::Bytes(_) => entry.size,
        };
        (ctx.progress)(Progress {
            step: "Writing package".into(),
            file: entry.path.clone(),
            fraction: *done as f32 / total as f32,
        });
    }
    Ok(())
}

/// Entries of 4 GiB or more need Zip64 records, which the zip library writes only when told
/// (without it a 4.4 GB video failed after half a minute with "Large file option has not been
/// set"). Smaller entries keep the plain records every LMS unzipper reads.
fn with_zip64_if_large(opts: SimpleFileOptions, size: u64) -> SimpleFileOptions {
    // Deflate can grow incompressible data slightly: leave a margin below the 32-bit limit.
    const ZIP64_FROM: u64 = u32::MAX as u64 - (64 << 20);
    opts.large_file(size >= ZIP64_FROM)
}

/// Media first, on all cores (ffmpeg runs and image decodes are bounded in `media`): that is
/// half of each media entry's progress; copying into the zip is the other half.
fn prepare_media(
    plan: &PackagePlan,
    ctx: &ExportContext,
    done: &mut u64,
    total: u64,
) -> Result<Vec<PreparedMedia>, ExportError> {
    let (media_paths, media_refs): (Vec<&PlannedEntry>, Vec<&MediaRef>) =
        plan.media_entries().unzip();
    let fractions = std::sync::Mutex::new(vec![0f32; media_refs.len()]);
    let base = *done;
    let prepared = media::prepare_all(
        &media_refs,
        &ctx.media,
        &|i, f| {
            let mut fr = fractions
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            fr[i] = f;
            let sum: f32 = fr
                .iter()
                .zip(&media_paths)
                .map(|(f, e)| f * e.size as f32 * 0.5)
                .sum();
            drop(fr);
            (ctx.progress)(Progress {
                step: "Preparing media".into(),
                file: media_paths[i].path.clone(),
                fraction: (base as f32 + sum) / total as f32,
            });
        },
        ctx.cancel,
    )?;
    *done += media_paths.iter().map(|e| e.size / 2).sum::<u64>();
    Ok(prepared)
}

/// Stream a file into the zip in chunks (never whole in memory), checking for cancel.
fn copy_cancellable<R: Read, W: Write + Seek>(
    src: &mut R,
    dst: &mut ZipWriter<W>,
    cancel: &AtomicBool,
) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 256 * 1024];
    let mut n = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("cancelled"));
        }
        let k = src.read(&mut buf)?;
        if k == 0 {
            return Ok(n);
        }
        dst.write_all(&buf[..k])?;
        n += k as u64;
    }
}

#[cfg(test)]
mod zip64_tests {
    use super::*;

    /// Zip64 exactly where 32-bit records cannot hold the entry: a 4.4 GB video gets it, a
    /// normal file does not (so old unzippers still read normal packages).
    #[test]
    fn zip64_only_for_entries_near_4_gib() {
        let base = SimpleFileOptions::default();
        let dbg = |o: SimpleFileOptions| format!("{o:?}");
        assert_eq!(dbg(with_zip64_if_large(base, 1 << 20)), dbg(base));
        assert_eq!(
            dbg(with_zip64_if_large(base, 4_400_000_000)),
            dbg(base.large_file(true))
        );
        assert_ne!(dbg(base.large_file(true)), dbg(base));
    }

    /// The zip library really writes a readable entry larger than 4 GiB with that option (a
    /// sparse source and a stored entry: disk use stays small, the written zip is removed).
    #[test]
    #[ignore = "writes a 4.3 GB file; run: cargo test --lib zip64 -- --ignored"]
    fn a_stored_entry_over_4_gib_round_trips() {
        let dir = tempfile::TempDir::new().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("big.zip");
        let f = File::create(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut z = ZipWriter::new(BufWriter::new(f));
        let size: u64 = (1 << 32) + 4096;
        let opts = with_zip64_if_large(
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
            size,
        );
        z.start_file("media/big.mp4", opts)
            .unwrap_or_else(|e| panic!("{e}"));
        std::io::copy(&mut std::io::repeat(0).take(size), &mut z).unwrap_or_else(|e| panic!("{e}"));
        z.finish().unwrap_or_else(|e| panic!("{e}"));
        let mut a = zip::ZipArchive::new(File::open(&path).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.by_index(0).unwrap_or_else(|e| panic!("{e}")).size(), size);
    }
}
