import Foundation
import Testing

/// docs/ARCHITECTURE.md's "Adding a step" is true (issue 26 §6): what differs between kinds of
/// Okta object is behind `ResourceKind`, nothing outside `Steps/` switches over a step, and
/// the files that name one of the first seven are the ones the document lists. Fails when a
/// change makes the recipe touch a file it does not name.
@Suite struct StepRecipeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The product's sources (the simulator aside: it shares no code with the product).
    static func sources() throws -> [(path: String, text: String)] {
        let folder = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return try walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("OktaSimulator/") }
            .sorted()
            .map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    static func architecture() throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
    }

    static func isStepFile(_ path: String) -> Bool { path.hasPrefix("SetupEngine/Steps/") || path == "SetupEngine/Steps.swift" }

    /// Where the first seven may be named outside `Steps/`, each for a rule that joins two
    /// of them (docs/ARCHITECTURE.md, "A step", lists the same files and why).
    static let namingTheFirstSeven: Set<String> = [
        "SetupEngine/Executor.swift", "SetupEngine/UserCheck.swift", "SetupEngine/StepReason.swift",
        "Wizard/ReasonText.swift", "Wizard/ReasonText+English.swift", "Wizard/RollbackWarning.swift",
        "Wizard/LayoutText.swift", "Wizard/WizardState.swift", "Wizard/Update.swift", "Wizard/BundleText.swift",
    ]

    static let stepCases = ["oktaAttribute", "appAttribute", "mapping", "existingUsers", "profileSource", "pushStatus", "sourcePriority"]
    static let stepTypes = ["OktaAttributeStep", "AppAttributeStep", "MappingStep", "ExistingUsersStep", "ProfileSourceStep",
                            "PushStatusStep", "SourcePriorityStep"]

    /// The steps a file names: `.mapping`, `StepID.mapping`, `MappingStep`.
    static func stepsNamed(in text: String) throws -> Set<String> {
        var named: Set<String> = []
        for (index, name) in stepCases.enumerated() {
            // An implicit member (`.mapping`), not a property of something (`observation.mapping`).
            let member = try Regex("(?:^|[^\\w\\)\\]\\?!])\\.\(name)\\b|StepID\\.\(name)\\b|\\b\(stepTypes[index])\\b")
            if text.contains(member) { named.insert(name) }
        }
        return named
    }

    @Test("no code outside a kind's own file switches over the kinds of resource")
    func noSwitchOverResourceKinds() throws {
        var found: [String] = []
        for (path, text) in try Self.sources() where path != "SetupEngine/ResourceKind.swift" && !Self.isStepFile(path) {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(/case \.(userSchema|appSchema|profileMapping)\b/) || line.contains(/:\s*ResourceKind\b/) {
                found.append("\(path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "a kind's part belongs in its ResourceKind:\n\(found.joined(separator: "\n"))")
    }

    @Test("a step is named only in Steps/ and the files the architecture lists, and nowhere all seven at once")
    func stepsAreNamedWhereTheDocumentSays() throws {
        let sources = try Self.sources()
        var naming: [String: Set<String>] = [:]
        // Only the engine and what imports it can name a step (`.mapping` elsewhere is something else).
        for (path, text) in sources where !Self.isStepFile(path) && (path.hasPrefix("SetupEngine/") || text.contains("import SetupEngine")) {
            let named = try Self.stepsNamed(in: text)
            if !named.isEmpty { naming[path] = named }
        }
        #expect(naming["SetupEngine/Planner.swift"] == nil, "the planner is generic")
        #expect(try sources.contains { try $0.path == "SetupEngine/Steps.swift" && Self.stepsNamed(in: $0.text).count == 7 }, "the scan finds the steps")
        let unlisted = naming.keys.filter { !Self.namingTheFirstSeven.contains($0) }.sorted()
        #expect(unlisted.isEmpty, "these name a step, so a new step may need them too: \(unlisted)")
        // A file naming every step is a table a new step would have to join.
        let exhaustive = naming.filter { $0.value.count == Self.stepCases.count }.keys.sorted()
        #expect(exhaustive.isEmpty, "\(exhaustive)")
        let document = try Self.architecture()
        for path in Self.namingTheFirstSeven {
            #expect(document.contains("`\(URL(fileURLWithPath: path).lastPathComponent)`"), "docs/ARCHITECTURE.md lists \(path)")
        }
    }

    @Test("the recipe for a step of a new kind names at most four files in Sources, and each exists")
    func recipeNamesFourFiles() throws {
        let document = try Self.architecture()
        guard let start = document.range(of: "### Adding a step"), let end = document.range(of: "Not counted:", range: start.upperBound..<document.endIndex) else {
            Issue.record("docs/ARCHITECTURE.md has no recipe")
            return
        }
        let recipe = document[start.upperBound..<end.lowerBound]
        let files = Set(recipe.matches(of: /`(Sources\/[^`]+\.swift)`/).map { String($0.1) })
            .filter { !$0.contains("YourStep") }
        #expect(files.count + 1 <= 4, "the step's own file and \(files.sorted())")
        for file in files {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(file).path), "\(file)")
        }
        #expect(files.contains("Sources/SetupEngine/Steps.swift"))
    }
}
