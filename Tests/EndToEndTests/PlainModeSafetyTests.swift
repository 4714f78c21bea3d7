import Foundation
import OktaSimulator
import Testing

/// Plain mode (a pipe, a screen reader) sends nothing the admin did not choose: a write dialog
/// starts on Cancel and says which button Enter presses, a line of only whitespace is no
/// answer, an unknown line says so, and the end of the input cancels an open dialog.
@Suite struct PlainModeSafetyTests {
    struct Run {
        var result: Binary.Result
        var writes: [String: Int]
        var home: String
    }

    static func run(_ answers: String, language: String = "en", extra: [String] = []) async throws -> Run {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let result = try await Binary.run(["setup", "--plain", "--lang", language, "--state-file", home + "/journal.json"] + extra,
                                          environment: OrgRecord.environment(simulator, home: home, ["TERM": "xterm-256color"]),
                                          input: answers)
        let writes = try await OrgRecord.appliedWrites(simulator)
        await simulator.shutdown()
        return Run(result: result, writes: writes, home: home)
    }

    static func leftovers(under home: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: home)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".tmp") }
    }

    @Test func aTabLineAtTheApplyDialogSendsNothingAndTheFocusIsSaid() async throws {
        let run = try await Self.run("1\nA\n\t\n   \n")
        #expect(run.result.stdout.contains("Apply: these requests will be sent"), "the dialog was open: \(run.result.stdout.suffix(2000))")
        #expect(run.result.stdout.contains("Enter presses: Cancel (Tab moves)"), "a write dialog starts on Cancel and says so")
        #expect(run.writes.isEmpty, "nothing sent: \(run.writes)")
        #expect(!FileManager.default.fileExists(atPath: run.home + "/journal.json"), "nothing journalled")
        #expect(Self.leftovers(under: run.home).isEmpty)
        #expect(!run.result.stdout.contains("Not understood"), "whitespace is no answer, not an unknown one")
    }

    @Test func anUnknownLineSaysItWasNotUnderstood() async throws {
        let run = try await Self.run("1\nA\nsend it\n")
        #expect(run.result.stdout.contains("Not understood: send it."), "\(run.result.stdout.suffix(1500))")
        #expect(run.writes.isEmpty)
    }

    @Test("the end of the input with a write dialog open is Cancel, in either language", arguments: ["en", "ja"])
    func endOfInputCancelsTheDialog(language: String) async throws {
        let run = try await Self.run("1\nA\nTab\n", language: language)
        #expect(run.result.stdout.contains(language == "ja" ? "Enter で押されるボタン：送信" : "Enter presses: Send"), "Tab moved to Send")
        #expect(run.writes.isEmpty, "the input ended before Enter: nothing sent (\(run.writes))")
        #expect(!FileManager.default.fileExists(atPath: run.home + "/journal.json"))
        #expect(Self.leftovers(under: run.home).isEmpty)
        #expect(run.result.status == 3, "ends cleanly, the setup not done: \(run.result.stderr)")
    }

    @Test func answersFromAPipeApproveNothingWithoutYes() async throws {
        let run = try await Self.run("1\nA\nTab\n\n")
        #expect(run.writes.isEmpty, "a file's answers sent \(run.writes)")
        #expect(run.result.stdout.contains("nothing was sent. These answers come from a file or a pipe"), "\(run.result.stdout.suffix(1500))")
        #expect(!FileManager.default.fileExists(atPath: run.home + "/journal.json"))
    }

    @Test func tabThenEnterSendsTheShownPlanAndTheJournalSettles() async throws {
        let run = try await Self.run("1\nA\nTab\n\n", extra: ["--yes"])
        #expect(run.writes.count == 2 && run.writes.values.allSatisfy { $0 == 1 }, "the two attribute writes, once each: \(run.writes)")
        let journal = try String(contentsOfFile: run.home + "/journal.json", encoding: .utf8)
        #expect(!journal.contains("\"intent\""), "every write settled before the process ended")
        #expect(Self.leftovers(under: run.home).isEmpty)
    }
}
