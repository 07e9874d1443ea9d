import Foundation
import Render

/// Writes sample pictures to `$CONVWALK_RENDER_SAMPLES` (a folder) when it is set, so a
/// person can look at them; the tests that call this also assert on the images.
enum RenderSamples {
    static func save(_ image: RenderedImage, _ name: String) throws {
        guard let dir = ProcessInfo.processInfo.environment["CONVWALK_RENDER_SAMPLES"] else { return }
        try writePNG(image, to: URL(fileURLWithPath: dir).appendingPathComponent(name + ".png"))
    }
}
