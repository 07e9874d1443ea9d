/// The server-side HTML of a step-through player: a titled list of figures, one per step.
///
/// This list is the whole player without JavaScript (and in print). `assets/player.js` finds
/// every `.player`, reads the frames and captions from the list and builds the interactive
/// player on top of it. A player with `live` data (class `player-live`) draws its frames in
/// HTML from the trace in `.player-data`; a step without an image (a live player's) is text,
/// its counter, what it does and its arithmetic, and the overview is then the picture that
/// print and readers without JavaScript see. The overview is collapsed until opened: it
/// shows every answer at once.
///
///     <section class="player" id="conv" data-player-id="conv" data-step-count="4" aria-labelledby="conv-title">
///       <h3 class="player-title" id="conv-title">…</h3>
///       <ol class="player-steps">
///         <li class="player-step" id="conv/step-1" data-step="1">
///           <figure><img src="…" alt="…"><figcaption>
///             <span class="player-counter">step 1 of 4</span> <span class="player-caption">…</span>
///           </figcaption></figure>
///         </li> …   (or, without an image: <p><span class="player-counter">…</span>
///                    <span class="player-description">…</span> <span class="player-caption">…</span></p>)
///       </ol>
///       <script type="application/json" class="player-data">{"example": …, "trace": …}</script>
///       <details class="player-overview"><summary>Overview</summary><figure>…</figure></details>
///     </section>
enum PlayerHTML {
    /// - Returns: the HTML and the table-of-contents entry for the player's title.
    /// - Throws: `SiteError.emptyPlayer`, `.missingAlt`, `.invalidPath`.
    static func render(_ player: Player, in page: inout PageContext) throws -> (html: String, heading: Heading) {
        guard !player.steps.isEmpty else {
            throw SiteError.emptyPlayer(page: page.name, player: player.id)
        }
        let id = page.ids.claim(player.id, fallback: "player")
        let titleID = page.ids.claim(id + "-title", fallback: "player-title")
        let title = player.title.isEmpty ? page.strings[.player] ?? "" : player.title
        let total = player.steps.count

        let textSteps = player.steps.contains { $0.image == nil }
        let classes = "player" + (player.live == nil ? "" : " player-live") + (textSteps ? " player-text-steps" : "")
        let (shownID, shownTitleID) = (page.id(id), page.id(titleID))
        var html = "<section class=\"\(classes)\" id=\"\(shownID)\" data-player-id=\"\(shownID)\" data-step-count=\"\(total)\""
        html += " aria-labelledby=\"\(shownTitleID)\">\n"
        html += "<h3 class=\"player-title\" id=\"\(shownTitleID)\">\(escapeHTML(title))</h3>\n"
        html += "<ol class=\"player-steps\">\n"
        for (index, step) in player.steps.enumerated() {
            let n = index + 1
            let counter = "<span class=\"player-counter\">\(escapeHTML(UIStrings.stepOf(n, total, in: page.strings)))</span> "
            let caption = "<span class=\"player-caption\">\(escapeHTML(step.caption))</span>"
            html += "<li class=\"player-step\" id=\"\(page.id("\(id)/step-\(n)"))\" data-step=\"\(n)\">"
            if let image = step.image {
                let img = try BlockHTML.imageHTML(path: image, alt: step.alt, width: step.width, height: step.height,
                                                  textSize: step.textSize, in: page)
                html += "<figure>" + BlockHTML.scrollBox(img, width: step.width, textSize: step.textSize, in: page)
                html += "<figcaption>" + counter + caption + "</figcaption></figure>"
            } else {
                let description = step.alt == step.caption ? "" : "<span class=\"player-description\">\(escapeHTML(step.alt))</span> "
                html += "<p>" + counter + description + caption + "</p>"
            }
            html += "</li>\n"
        }
        html += "</ol>\n"
        if let live = player.live {
            html += "<script type=\"application/json\" class=\"player-data\">\(scriptSafeJSON(live))</script>\n"
        }
        if let overview = player.overview {
            let label = overview.caption.isEmpty ? page.text(.overview) : escapeHTML(overview.caption)
            var figure = overview
            figure.caption = ""
            html += "<details class=\"player-overview\"><summary>\(label)</summary>"
            html += try BlockHTML.figureHTML(figure, class: "player-overview-figure", in: page) + "</details>\n"
        }
        html += "</section>\n"
        return (html, Heading(level: 3, text: title, id: id))
    }
}
