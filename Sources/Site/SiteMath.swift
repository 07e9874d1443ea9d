import Foundation

/// An equation as md4c marks it up: `$…$` inline, `$$…$$` display.
public struct Equation: Hashable, Sendable, Comparable {
    /// The TeX source.
    public let tex: String
    public let display: Bool

    public init(tex: String, display: Bool) {
        self.tex = tex
        self.display = display
    }

    public static func < (a: Equation, b: Equation) -> Bool { (a.tex, a.display ? 1 : 0) < (b.tex, b.display ? 1 : 0) }
}

/// Math typeset before the pages reach a reader. md4c marks each equation as an `<x-equation>`
/// element holding its TeX; with `SiteOptions.renderedMath` the Markdown renderer
/// (`PageRenderer`) writes the given HTML (KaTeX's, made at build time) inside instead, marked
/// `math-rendered`, and a page whose equations all have one loads KaTeX's stylesheet and fonts
/// but no script. An equation without a rendering is left to `assets/math.js` and KaTeX in the
/// browser.
public enum SiteMath {
    /// Every distinct equation on the site's pages, sorted, to be rendered for `renderedMath`:
    /// the equations md4c finds in each page's Markdown (prose, formulas, answers).
    /// - Throws: `SiteError` for an invalid model, as `SiteBuilder.renderPages`.
    public static func equations(in model: SiteModel, options: SiteOptions = SiteOptions()) throws -> [Equation] {
        let plan = try SitePlan(model)
        var found = Set<Equation>()
        func collect(_ blocks: [SiteBlock]) throws {
            for block in blocks {
                switch block {
                case .markdown(let source), .formula(_, let source, _):
                    var ids = IdentifierPool()
                    found.formUnion(try Markdown.render(source, allowRawHTML: options.allowRawHTMLInMarkdown, ids: &ids).equations)
                case .answer(_, let inner), .result(_, _, let inner, _), .layerTable(_, let inner, _): try collect(inner)
                case .player, .figure, .trustedHTML: break
                }
            }
        }
        for language in model.languages {
            for page in plan.pages(in: language.code) { try collect(page.blocks) }
        }
        return found.sorted()
    }
}
