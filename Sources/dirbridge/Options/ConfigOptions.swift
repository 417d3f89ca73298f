import ArgumentParser
import DirBridgeConfig
import DirectoryReader

/// `--config FILE`, shared by every command that works on a configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML).", valueName: "file"))
    var config: String

    func load() throws(ConfigurationError) -> LoadedConfiguration {
        try ConfigurationFile.load(path: config)
    }

    /// The `source:` section alone, for commands that only read the directory.
    func loadSource() throws(ConfigurationError) -> DirectorySourceSettings {
        try ConfigurationFile.loadSource(path: config)
    }
}
