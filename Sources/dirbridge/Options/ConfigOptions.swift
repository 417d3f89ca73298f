import ArgumentParser
import DirBridgeConfig

/// `--config FILE`, shared by every command that works on a configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML).", valueName: "file"))
    var config: String

    func load() throws(ConfigurationError) -> LoadedConfiguration {
        try ConfigurationFile.load(path: config)
    }
}
