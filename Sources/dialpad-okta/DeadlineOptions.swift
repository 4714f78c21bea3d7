import ArgumentParser
import OktaClient

/// `--deadline`: how long a run may take in all, Okta's waits included.
struct DeadlineOptions: ParsableArguments {
    @Option(name: .customLong("deadline"),
            help: ArgumentHelp("How long the run may take in all: seconds, or like 30m, 2h, 1h30m (default: 30m; the wizard: none). A rate-limit wait that would pass it stops the run at once, saying so; a write under way is never cut, and none starts after it.",
                               valueName: "time"))
    var deadline: RunLength?
}

/// A run's length as the admin types it.
struct RunLength: ExpressibleByArgument {
    var duration: Duration
    init?(argument: String) {
        guard let duration = RunDeadline.parse(argument) else { return nil }
        self.duration = duration
    }
}
