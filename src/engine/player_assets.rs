//! The player files embedded in the binary and copied into every package.

/// The package's `player/player.js`: the player's parts (classic scripts on one namespace, see
/// `assets/player/js/`) joined in this order at compile time. There is no JS build step; the Node
/// tests load each part, and `tests/browser/lib/package.js` joins the same list (a unit test in
/// `tests/player/assets.test.js` checks that both lists agree).
pub const PLAYER_JS: &str = concat!(
    include_str!("../../assets/player/js/strings.js"),
    include_str!("../../assets/player/js/scorm.js"),
    include_str!("../../assets/player/js/state.js"),
    include_str!("../../assets/player/js/session.js"),
    include_str!("../../assets/player/js/view.js"),
    include_str!("../../assets/player/js/quiz.js"),
    include_str!("../../assets/player/js/boot.js"),
);

const STRINGS_JS: &str = include_str!("../../assets/player/js/strings.js");

/// The languages the player has its own words for: the keys of the `STRINGS` table in
/// `strings.js`, read from the script itself so the list is written once (a test pins the
/// format this relies on: four spaces, a lowercase key, `: {`).
pub fn player_languages() -> Vec<&'static str> {
    STRINGS_JS
        .lines()
        .filter_map(|l| {
            let key = l.strip_prefix("    ")?.strip_suffix(": {")?;
            (!key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase())).then_some(key)
        })
        .collect()
}

/// Whether the player speaks `language` (a BCP 47 tag: its primary subtag counts, as in the
/// player's `primaryTag`, so `de-CH` is German).
pub fn player_speaks(language: &str) -> bool {
    let primary = language
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    player_languages().contains(&primary.as_str())
}

/// `(path inside the package, contents)`.
pub const PLAYER_FILES: &[(&str, &[u8])] = &[
    ("player/player.js", PLAYER_JS.as_bytes()),
    (
        "player/player.css",
        include_bytes!("../../assets/player/player.css"),
    ),
];
const LAUNCH_TEMPLATE: &str = include_str!("../../assets/player/launch.html");

/// A launch page. Both values are restricted to `[A-Za-z0-9_-]` (checked here as well as at load
/// time), and are HTML-escaped all the same: nothing is pasted unescaped.
pub fn launch_page(lang: &str, sco: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    };
    let mut lang_html = String::new();
    let mut sco_html = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut lang_html, &clean(lang));
    let _ = pulldown_cmark_escape::escape_html(&mut sco_html, &clean(sco));
    LAUNCH_TEMPLATE
        .replace("{{LANG}}", &lang_html)
        .replace("{{SCO}}", &sco_html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_languages_are_read_from_the_strings_table() {
        assert_eq!(player_languages(), ["en", "de", "fr", "es", "ar"]);
        for yes in ["en", "de-CH", "FR", "es_MX", "ar"] {
            assert!(player_speaks(yes), "{yes}");
        }
        for no in ["pt-BR", "", "eng", "nl"] {
            assert!(!player_speaks(no), "{no}");
        }
    }
}
