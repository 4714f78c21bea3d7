import SetupEngine
import Testing

@Suite struct ConsoleGuidanceTests {
    @Test("language from the flag, then LC_ALL, LC_MESSAGES, LANG", arguments: [
        (String?.none, ["LANG": "ja_JP.UTF-8"], Language.ja),
        (nil, ["LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"], .en),
        (nil, ["LC_MESSAGES": "ja_JP", "LANG": "C"], .ja),
        ("en", ["LANG": "ja_JP.UTF-8"], .en),
        ("JA", [:], .ja),
        (nil, [:], .en),
    ])
    func resolve(flag: String?, environment: [String: String], expected: Language) {
        #expect(Language.resolve(flag: flag, environment: environment) == expected)
    }

    @Test("both manual steps have guidance in both languages", arguments: [StepID.existingUsers, .profileSource])
    func manualSteps(step: StepID) throws {
        let console = try #require(step.definition.console)
        let english = console.guidance(app: "Dialpad", language: .en)
        let japanese = console.guidance(app: "Dialpad", language: .ja)
        #expect(english.joined().contains("Admin Console"))
        #expect(japanese.joined().contains("管理コンソール"))
        #expect(english.count == japanese.count)
    }

    @Test func onlyManualStepsCarryGuidance() {
        // Beside another source: with none, the only-source gate's guide says what to do instead (OnlySourceGateTests).
        let observation = PlannerTests.observation()
        let report = InspectionReport(observation: observation, steps: Planner.plan(observation), requests: nil, waves: nil, language: .ja)
        for step in report.steps {
            #expect((step.guidance != nil) == (step.status == .manual), "\(step.id)")
        }
        #expect(report.steps.first { $0.id == .profileSource }?.guidance?.joined().contains("何もしない") == true)
    }
}
