/// Why a picture could not be drawn; messages name the figure and the facts.
public enum RenderError: Error, Equatable, CustomStringConvertible {
    /// Cairo reported an error status.
    case cairo(operation: String, status: String)
    /// libpng could not encode a picture (`operation` is e.g. "write PNG").
    case png(operation: String, message: String)
    /// The input cannot be drawn as asked: wrong shape, missing tensor, empty data.
    case invalidInput(figure: String, message: String)
    /// Writing the picture to disk failed.
    case write(path: String, message: String)

    public var description: String {
        switch self {
        case let .cairo(operation, status): "render: cairo could not \(operation): \(status)"
        case let .png(operation, message): "render: libpng could not \(operation): \(message)"
        case let .invalidInput(figure, message): "render \(figure): \(message)"
        case let .write(path, message): "render: cannot write \(path): \(message)"
        }
    }
}
