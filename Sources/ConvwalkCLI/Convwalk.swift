import ArgumentParser

/// The `convwalk` command: turns a folder of CNN lessons into a static HTML course.
public struct Convwalk: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "convwalk",
        abstract: "Turn a folder of CNN lessons into a static HTML course whose every number is computed by real training kernels.",
        version: version,
        subcommands: [
            Init.self,
            Build.self,
            Check.self,
            RenderCommand.self,
            Compute.self,
            Bench.self,
            Train.self,
            Evaluate.self,
            Models.self,
            DataCommand.self,
            Export.self,
            Import.self,
            Serve.self,
            HandoutCommand.self,
        ]
    )

    public init() {}
}
