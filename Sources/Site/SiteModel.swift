import Foundation

/// Everything the Site module needs to build a course: plain values, no lesson engine, no Cairo.
///
/// The pipeline maps lessons and rendered PNGs to these types; `SiteBuilder` turns them into
/// HTML. Every string in here is treated as untrusted text and HTML-escaped, except
/// `SiteBlock.trustedHTML`.
public struct SiteModel: Sendable, Equatable {
    /// The languages of the course, default first. Each needs a table in `UIStrings`.
    public var languages: [SiteLanguage]
    /// All pages in all languages. A page's slug is shared by its translations.
    public var pages: [SitePage]
    /// Binary files copied to the output, keyed by site-relative path (e.g. `figures/a/step-1.png`).
    public var files: [String: SiteFile]
    /// Opaque key → hash pairs the caller wants back next build (see `SiteManifest`).
    public var cacheKeys: [String: String]
    /// The words the in-page engine (`window.convwalk.compute`) writes its steps with, per
    /// language code: a JSON object each (`TracePhrases.engineJSON(_:)`), written to
    /// `assets/engine-phrases.js`. Trusted: the caller makes it from its own tables.
    public var enginePhrases: [String: String]
    /// The models that `model: NAME` architecture examples name, resolved by the caller into
    /// the JSON object the engine takes (`{"name", "input", "layers"}`), by name; written to
    /// `assets/engine-phrases.js` too, so `compute` runs such an example offline. Trusted.
    public var engineModels: [String: String]

    public init(languages: [SiteLanguage], pages: [SitePage],
                files: [String: SiteFile] = [:], cacheKeys: [String: String] = [:], enginePhrases: [String: String] = [:],
                engineModels: [String: String] = [:]) {
        self.languages = languages
        self.pages = pages
        self.files = files
        self.cacheKeys = cacheKeys
        self.enginePhrases = enginePhrases
        self.engineModels = engineModels
    }
}

/// One language of the course, with the course title and tagline in that language.
public struct SiteLanguage: Sendable, Equatable {
    /// BCP 47 code used for `<html lang>` and the output folder, e.g. `en`, `ko`.
    public var code: String
    /// The course title shown on every page of this language.
    public var title: String
    /// One line under the title on the index page (Markdown is not interpreted).
    public var tagline: String

    /// The course's parts in this language, in order; empty lists the lessons in one run.
    public var parts: [CoursePart]

    public init(code: String, title: String, tagline: String = "", parts: [CoursePart] = []) {
        self.code = code
        self.title = title
        self.tagline = tagline
        self.parts = parts
    }
}

/// A part of the course: a heading on the index over the lessons whose `order` is at least
/// `firstOrder` and below the next part's.
public struct CoursePart: Sendable, Equatable {
    /// The `order` of the part's first lesson.
    public var firstOrder: Int
    public var title: String
    /// One line under the heading (Markdown is not interpreted); may be empty.
    public var summary: String

    public init(firstOrder: Int, title: String, summary: String = "") {
        self.firstOrder = firstOrder
        self.title = title
        self.summary = summary
    }
}

/// What a page is; decides where it is listed on the index and whether it gets prev/next links.
public enum PageKind: String, Sendable, Equatable, Codable {
    /// A lesson: listed in order on the index, linked by previous/next, has a table of contents.
    case lesson
    /// A demo page: listed in the index's demo section.
    case demo
    /// Introductory prose shown on the index page above the lesson list (slug is ignored).
    case index
    /// Any other page (about, glossary …): built, listed under "More".
    case other
}

/// One page in one language.
public struct SitePage: Sendable, Equatable {
    /// File name without `.html`; sanitized to `[a-z0-9-_]`. Translations share a slug.
    public var slug: String
    /// Language code; must be one of `SiteModel.languages`.
    public var lang: String
    public var title: String
    /// Position among lessons (ascending); ties are broken by slug.
    public var order: Int
    /// One or two sentences for the index page.
    public var summary: String
    public var kind: PageKind
    public var blocks: [SiteBlock]
    /// Words the page is about beyond its text (example ids, op names), for the search index.
    public var keywords: [String]

    public init(slug: String, lang: String, title: String, order: Int = 0, summary: String = "",
                kind: PageKind = .lesson, blocks: [SiteBlock], keywords: [String] = []) {
        self.slug = slug
        self.lang = lang
        self.title = title
        self.order = order
        self.summary = summary
        self.kind = kind
        self.blocks = blocks
        self.keywords = keywords
    }
}

/// A piece of page content, in reading order.
public enum SiteBlock: Sendable, Equatable {
    /// Markdown prose (md4c, with tables, `$math$` and `~~strike~~`). Raw HTML is escaped
    /// unless `SiteOptions.allowRawHTMLInMarkdown` is set.
    case markdown(String)
    /// A step-through player.
    case player(Player)
    /// One image with a caption.
    case figure(Figure)
    /// HTML generated by convwalk itself (never text from a lesson); inserted verbatim.
    case trustedHTML(String)
    /// An example shown as its formula (`arithmetic`, `output-size`): `markdown` is what readers
    /// without JavaScript and print see; `live` is the example and its trace, as for
    /// `Player.live`, so that `player.js` gives it Edit mode (the in-page engine reruns the
    /// edited example and the formula follows). `id` names it for links (sanitized).
    case formula(id: String, markdown: String, live: String)
    /// An `architecture` example's layer table (`blocks`: its pictures and the table, as
    /// readers without JavaScript and print see them) with `live` as for `Player.live`, so
    /// that `player.js` gives it Edit mode: the in-page engine reruns the edited layers and
    /// the table follows. `id` names it for links (sanitized).
    indirect case layerTable(id: String, blocks: [SiteBlock], live: String)
    /// An example shown as its result (an exercise's answer: each output a table or a list,
    /// named when there are several): `blocks` are what readers without JavaScript and print
    /// see; `outputs` names the outputs in the order they are shown; `live` is the example and
    /// its trace, as for `Player.live`, so that `player.js` gives it Edit mode (the result is
    /// redrawn from each rerun). `id` names it for links (sanitized).
    case result(id: String, outputs: [String], blocks: [SiteBlock], live: String)
    /// An exercise's answer: on the site collapsed under `label` until the reader opens it; on
    /// paper (`SitePrint`) moved to an answer key at the end, a reference left in its place.
    indirect case answer(label: String, blocks: [SiteBlock])
}

/// A step-through animation: one image per step, each with the arithmetic as its caption.
public struct Player: Sendable, Equatable {
    /// Identifier used in the element id and deep links (`#id/step-3`); sanitized.
    public var id: String
    public var title: String
    public var steps: [PlayerStep]
    /// An optional picture of the whole computation, under the steps, collapsed until the
    /// reader opens it (it gives every answer away).
    public var overview: Figure?
    /// The example object and its trace, `{"example": {…}, "trace": {…}}` (JSON made by
    /// convwalk itself: trusted, but written script-safe). When present, `player.js` draws the
    /// frames in HTML from the trace instead of showing step images (the pipeline then draws
    /// none: readers without JavaScript and print get each step as text, and the overview),
    /// lets the reader point at cells, and offers Edit mode, which reruns the example
    /// through the in-page engine.
    public var live: String?

    public init(id: String, title: String, steps: [PlayerStep], overview: Figure? = nil, live: String? = nil) {
        self.id = id
        self.title = title
        self.steps = steps
        self.overview = overview
        self.live = live
    }
}

/// One frame of a player.
public struct PlayerStep: Sendable, Equatable {
    /// Site-relative path of the frame image, e.g. `figures/conv/step-1.png`; nil for a live
    /// player's step, which the page draws from the trace: without JavaScript and in print it
    /// is then its counter, `alt` and `caption` as text, beside the player's overview.
    public var image: String?
    /// The arithmetic of this step, e.g. `1·2 + 0·1 + 3·(−1) = −1`.
    public var caption: String
    /// Text alternative for the frame; must not be empty.
    public var alt: String
    /// Display size in CSS pixels, if known (reserves the frame's space before it loads).
    public var width: Int?
    public var height: Int?
    /// The smallest text in the frame, in CSS px at `width` (see `Figure.textSize`).
    public var textSize: Double?

    public init(image: String?, caption: String, alt: String, width: Int? = nil, height: Int? = nil, textSize: Double? = nil) {
        self.image = image
        self.caption = caption
        self.alt = alt
        self.width = width
        self.height = height
        self.textSize = textSize
    }
}

/// An image with a caption.
public struct Figure: Sendable, Equatable {
    /// Site-relative path of the image.
    public var image: String
    /// Text alternative; must not be empty.
    public var alt: String
    public var caption: String
    /// Intrinsic size in pixels, if known (avoids layout shift).
    public var width: Int?
    public var height: Int?
    /// The smallest text in the picture, in CSS px when it is shown `width` wide. With a width,
    /// the page never shows it narrower than where that text is `BlockHTML.minimumTextSize`
    /// (11 px): on a phone such a picture scrolls sideways inside its figure instead.
    public var textSize: Double?

    public init(image: String, alt: String, caption: String = "", width: Int? = nil, height: Int? = nil, textSize: Double? = nil) {
        self.image = image
        self.alt = alt
        self.caption = caption
        self.width = width
        self.height = height
        self.textSize = textSize
    }
}

/// The content of a file passed through to the output.
public enum SiteFile: Sendable, Equatable {
    /// These bytes.
    case bytes(Data)
    /// The same path from the site currently at the destination, unchanged since the last build
    /// (lets the caller skip re-rendering; see `SiteManifest`).
    case previousBuild
}

/// Switches for a build.
public struct SiteOptions: Sendable, Equatable {
    /// Let raw HTML in Markdown through. Off by default: lesson text is escaped.
    public var allowRawHTMLInMarkdown: Bool
    /// Folder holding `katex.min.js`, `katex.min.css` and `fonts/` (Debian's libjs-katex).
    public var katexDirectory: URL
    /// Equations typeset at build time (HTML to put inside each `<x-equation>`); see `SiteMath`.
    /// Equations not in it are typeset in the browser.
    public var renderedMath: [Equation: String]

    public init(allowRawHTMLInMarkdown: Bool = false,
                katexDirectory: URL = URL(fileURLWithPath: "/usr/share/javascript/katex"),
                renderedMath: [Equation: String] = [:]) {
        self.allowRawHTMLInMarkdown = allowRawHTMLInMarkdown
        self.katexDirectory = katexDirectory
        self.renderedMath = renderedMath
    }
}
