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

/// Math typeset before the pages reach a reader. md4c writes each equation as an
/// `<x-equation>` element holding its TeX; with `SiteOptions.renderedMath` the builder puts
/// the given HTML (KaTeX's, made at build time) inside instead, marked `math-rendered`, and a
/// page whose equations all have one loads KaTeX's stylesheet and fonts but no script. An
/// equation without a rendering is left to `assets/math.js` and KaTeX in the browser.
public enum SiteMath {
    /// Every distinct equation on the site's pages, sorted, to be rendered for `renderedMath`.
    /// - Throws: `SiteError` for an invalid model, as `SiteBuilder.renderPages`.
    public static func equations(in model: SiteModel, options: SiteOptions = SiteOptions()) throws -> [Equation] {
        var plain = options
        plain.renderedMath = [:]
        var found = Set<Equation>()
        for (_, html) in try SiteBuilder.renderPages(model, options: plain) {
            _ = substitute(html) { found.insert($0); return nil }
        }
        return found.sorted()
    }

    /// `html` with every equation the closure renders filled in, and whether any is left.
    static func substitute(_ html: String, _ render: (Equation) -> String?) -> (html: String, unrendered: Bool) {
        guard html.contains("<x-equation") else { return (html, false) }
        var out = ""
        var unrendered = false
        var rest = Substring(html)
        while let open = rest.range(of: "<x-equation", options: .literal) {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">"),
                  let close = rest[tagEnd...].range(of: "</x-equation>", options: .literal) else { break }
            let attributes = rest[open.upperBound..<tagEnd]
            let inner = rest[rest.index(after: tagEnd)..<close.lowerBound]
            let equation = Equation(tex: unescapeHTML(String(inner)), display: attributes.contains("type=\"display\""))
            out += rest[..<open.lowerBound]
            if !attributes.contains("math-rendered"), let rendered = render(equation) {
                out += "<x-equation\(attributes) class=\"math-rendered\">\(rendered)</x-equation>"
            } else {
                if !attributes.contains("math-rendered") { unrendered = true }
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return (out + rest, unrendered)
    }
}
