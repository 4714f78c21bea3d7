import Foundation
import OktaClient

/// One step of the procedure, whole: what it reads, how it judges the org, what it shows,
/// and (through `WritableStep` or `ConsoleStep`) how it is done and undone. Each of the
/// seven is one file under `Steps/`; the planner, executor, rollback, wizard and command
/// line are generic over this protocol and name no step (docs/ARCHITECTURE.md, "A step").
package protocol Step: Sendable {
    var id: StepID { get }
    var phase: Phase { get }
    var title: Words { get }
    /// The steps whose state this one's judgement or write builds on: a write never goes
    /// beside one it rests on, and rollback undoes what rests on a step before the step.
    var restsOn: [StepID] { get }
    /// Whether the step means anything without the Dialpad app (the Okta attribute does).
    var needsApp: Bool { get }
    /// The step's state in the org as observed, given the steps judged before it.
    func judge(_ judgement: Judgement) -> StepReport
    /// What the procedure prescribes beside what the org has, field by field.
    func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField]
    /// Facts about the org that are not a wanted/found pair, for a screen to word.
    func facts(_ observation: Observation) -> [StepFact]
    /// The step as one the API writes, or nil. Requirements, answered by the extensions of
    /// `WritableStep` and `ConsoleStep`: `self as? any WritableStep` would ask the runtime,
    /// which scans every conformance in the binary the first time for each step type.
    var writable: (any WritableStep)? { get }
    /// The step as one done in the Admin Console, or nil.
    var console: (any ConsoleStep)? { get }
}

extension Step {
    package var needsApp: Bool { true }
    package func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField] { [] }
    package func facts(_ observation: Observation) -> [StepFact] { [] }
    package var writable: (any WritableStep)? { nil }
    package var console: (any ConsoleStep)? { nil }
}

/// A step the Management API can write: its request, its read-back and its inverse.
package protocol WritableStep: Step {
    var resource: WrittenResource { get }
    /// The admin roles Okta lets make this write, from the spec's operation for `resource`
    /// (docs/REAL-ORGS.md R8, R28; the default in AdminRoles.swift).
    var rolesAllowed: [String] { get }
    /// Okta accepts the write only once the Dialpad app sources Okta users, so the app is
    /// read beside the resource and a change of it stops the write.
    var needsProfileSourcing: Bool { get }
    /// The request depends on whether the app sources Okta users (a plan re-checks it).
    var bodyDependsOnSourcing: Bool { get }
    /// Adds an attribute to a profile: undoing its creation deletes every user's value,
    /// and the users' profiles read before it do not show it.
    var addsAttribute: Bool { get }
    /// Whether what the write left in the org (`written`, as journalled) is what the article's
    /// only-source gate holds back (R31): what exists only while the app sources users.
    func heldByTheOnlySourceGate(_ written: JSONValue?) -> Bool
    /// The write that brings the step to the procedure, from the org as observed; nil when
    /// what it writes to is not there.
    func write(_ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite?
    /// Exactly what the step owns in its resource: compared before a write, journalled, restored.
    func owned(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue
    /// The partial update that puts `before` (what `owned` returned before the write) back.
    func restoreBody(_ before: JSONValue, _ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue
    /// What the step owns, as an admin reads it (a rollback dialog says what comes back).
    func describe(owned: JSONValue) -> Words
    /// The fields of what it owns that the step's write sets, and so the only ones its rollback
    /// may put back: a journalled before-image that would change any other is refused
    /// (`Restoration.swift`), so an edited journal cannot restore what no write of ours changed.
    var restorableFields: Set<String> { get }
}

extension WritableStep {
    package var writable: (any WritableStep)? { self }

    package func describe(owned: JSONValue) -> Words {
        owned == .null ? Words("absent", ja: "なし") : Words(owned.displayText, ja: owned.displayText)
    }

    package var needsProfileSourcing: Bool { false }
    package var bodyDependsOnSourcing: Bool { needsProfileSourcing }
    package var addsAttribute: Bool { false }
    package func heldByTheOnlySourceGate(_ written: JSONValue?) -> Bool { needsProfileSourcing }

    /// Where the step writes, from the ids observed in the org now. Rollback and resume take
    /// their paths from here, never from the journal.
    package func path(_ observation: Observation) -> String? { resource.kind.path(observation) }

    /// Reads the one resource the step writes (and the app, when the write rests on its
    /// sourcing) in one round trip, and returns the observation with them replaced.
    package func reread(_ client: OktaClient, into observation: Observation) async throws -> Observation {
        async let appRead: OktaApp? = needsProfileSourcing && observation.app != nil ? client.app(id: observation.app!.id) : nil
        var updated = try await resource.kind.reread(client, into: observation)
        if let app = try await appRead { updated.app = app }
        return updated
    }

    /// Takes into `observation` what the step reads back, as `source` has it.
    package func merge(from source: Observation, into observation: inout Observation) {
        resource.kind.merge(from: source, into: &observation)
        if needsProfileSourcing { observation.app = source.app }
    }

    /// What the org would look like once `write` succeeded, as far as the planner can tell:
    /// each attribute or mapping property in its body, set (or removed, by `null`).
    package func assume(_ write: PlannedWrite, into state: inout Observation) { resource.kind.assume(write, into: &state) }

    /// Whether a journalled before-image has the shape this step owns: an object, or absence.
    package func fitsBeforeImage(_ before: JSONValue) -> Bool {
        if case .object = before { return true }
        return before == .null
    }
}

/// A step Okta has no public API for: the admin acts in the Admin Console, guided in their
/// language, and the wizard detects the result live where the API shows it.
package protocol ConsoleStep: Step {
    /// Where to click, in the console's own words.
    func guidance(app: String, language: Language) -> [String]
    /// What the admin may choose, in the order a screen offers them.
    var options: [ConsoleOption] { get }
    /// The question a screen asks when there is more than one option.
    var question: (title: Words, intro: Words)? { get }
    /// Whether the org already shows what the admin does in the console.
    func detected(_ observation: Observation, _ report: StepReport?) -> Bool
    /// DEMO ONLY: the simulator's console endpoint that plays the admin's action (a real org
    /// answers 404 there), as a path and a JSON body.
    func simulatedAction(_ observation: Observation) -> (path: String, body: String)?
    /// Where to click, or what to do instead, given the step's state (a gate the step keeps shut).
    func guidance(app: String, language: Language, report: StepReport?) -> [String]
    /// An answer that opens a gate the step keeps shut on what the API shows, which may miss
    /// something (a source the credential cannot list): recorded as the admin's word and
    /// shown in the report. Offered only while `gateShut` holds.
    var gateOverride: ConsoleOption? { get }
    /// Whether the step, as judged, keeps the procedure from going on until the admin acts or overrides.
    func gateShut(_ report: StepReport?) -> Bool
}

extension ConsoleStep {
    package var console: (any ConsoleStep)? { self }
    package var question: (title: Words, intro: Words)? { nil }
    package func guidance(app: String, language: Language, report: StepReport?) -> [String] { guidance(app: app, language: language) }
    package var gateOverride: ConsoleOption? { nil }
    package func gateShut(_ report: StepReport?) -> Bool { false }
    /// The option done in the Admin Console, which the admin confirms with a tick once seen.
    package var guided: ConsoleOption? { options.first(where: \.shownByOrg) }
}

/// One answer to a console step.
package struct ConsoleOption: Sendable, Equatable {
    package var choice: Confirmation.Choice
    /// The option as a list offers it.
    package var label: Words
    /// What the admin ticks to record it.
    package var confirmation: Words
    /// The org shows it once done in the Admin Console, so the tick waits until it does; an
    /// option the org cannot show (a choice not to act) may be ticked at once. Either way it
    /// is ticked, recorded as the admin's word, and can be withdrawn.
    package var shownByOrg: Bool

    package init(choice: Confirmation.Choice, label: Words, confirmation: Words, shownByOrg: Bool) {
        self.choice = choice; self.label = label; self.confirmation = confirmation; self.shownByOrg = shownByOrg
    }
}

/// A custom attribute as an admin reads it: its type and title (and, on an app, where its
/// value comes from).
func describeAttribute(_ owned: JSONValue) -> Words {
    guard case .object(let fields) = owned else { return Words("absent", ja: "なし") }
    let type = fields["type"].map(\.displayText) ?? "?"
    let title = fields["title"].map(\.displayText) ?? ""
    if let external = fields["externalName"], external != .null {
        return Words("\(type), title \"\(title)\", from \(external.displayText)", ja: "\(type)、表示名「\(title)」、値の元 \(external.displayText)")
    }
    return Words("\(type), title \"\(title)\"", ja: "\(type)、表示名「\(title)」")
}

/// The procedure's value of one field beside the org's, as a step shows it.
package struct StepField: Sendable, Equatable, Codable {
    package var name: String
    package var wanted: String
    /// nil: absent in the org, or said in words.
    package var found: String?
    /// What the org has, when it is a state rather than a value.
    package var foundInWords: Words?

    enum CodingKeys: String, CodingKey { case name, wanted, found }

    package init(name: String, wanted: String, found: String?, foundInWords: Words? = nil) {
        self.name = name; self.wanted = wanted; self.found = found; self.foundInWords = foundInWords
    }
}

/// A fact about the org a step rests on, as data: the front end words it.
package enum StepFact: Sendable, Equatable {
    case otherProfileSources([ProfileSource])
    case sourcesNotCounted([ProfileSource.Kind])
    /// The other apps were counted from the whole app list, a chain of pages this line waited for.
    case countedFromAppList(apps: Int, pages: Int)
    /// The app list is still being read (an early picture of a large org).
    case countingAppSources
    /// Nothing else sources Okta users: Dialpad must not become the only source.
    case onlyProfileSource
    case userSample(Observation.UserSample)
    /// No sampled app user holds a number yet: they reach app users only with an import from
    /// the app (R3); `lastSync`: what the app users' last syncs tell of one (R20).
    case awaitsImport(app: String, lastSync: LastSyncEvidence)
    /// "To Okta" import is off for the app: no import can bring the numbers (R21).
    case importNotEnabled(app: String)
    /// An import also brings the app's users not matched to an Okta user into the import
    /// queue, where the app's matching and confirmation settings act on them (R21).
    case importQueue(app: String)
    /// Users whose number Okta does not take, because another source owns the attribute for them (R4).
    case notSourcedByDialpad(users: Int)
    /// `app`: the Dialpad app's label, where the admin maps them.
    case otherUserTypes([UserTypeShare], app: String)
}

/// A text in the languages the product speaks. Encoded as its English, so `--json` keeps
/// one stable language.
package struct Words: Sendable, Equatable, Hashable, Codable {
    package var en: String
    package var ja: String

    package init(_ en: String, ja: String) { self.en = en; self.ja = ja }

    package func callAsFunction(_ language: Language) -> String { language == .ja ? ja : en }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self.init(text, ja: text)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(en)
    }
}

/// What a step's judgement may read: the org as observed, the procedure, the steps judged
/// before it, and the admin's latest word on it.
package struct Judgement: Sendable {
    package var observation: Observation
    package var desired: DesiredConfiguration
    package var earlier: [StepID: StepReport]
    package var confirmation: Confirmation?
    /// Every answer the admin recorded for the step: one may open a gate (`ConsoleStep.gateOverride`)
    /// while a later one says what was done.
    package var choices: Set<Confirmation.Choice> = []
    /// Every answer the admin recorded, for any step: a gate one step keeps holds steps judged
    /// before it too (the mapping's PUSH rests on the profile-source gate).
    package var allChoices: Set<Confirmation.Choice> = []

    /// The Dialpad app; the planner judges a step that needs it only when the org has one.
    package var app: OktaApp {
        guard let app = observation.app else { preconditionFailure("a step that needs the Dialpad app was judged without one") }
        return app
    }

    /// A step this one rests on, judged already.
    package func report(_ step: StepID) -> StepReport {
        guard let report = earlier[step] else { preconditionFailure("\(step.rawValue) is judged after the steps resting on it") }
        return report
    }
}

/// Partial updates of one custom attribute (Okta's schema POST merges them).
enum SchemaWrite {
    /// A partial schema update that touches exactly one attribute (`null` deletes it).
    static func body(_ name: String, _ attribute: JSONValue) -> JSONValue {
        .object(["definitions": .object(["custom": .object([
            "id": .string("#custom"), "type": .string("object"), "required": .array([]),
            "properties": .object([name: attribute]),
        ])])])
    }

    static func body(_ name: String, _ attribute: SchemaAttribute) -> JSONValue {
        body(name, JSONValue(encoding: attribute))
    }

    /// `properties` with each attribute of a partial update set, or removed where it is `null`.
    static func merging(_ body: JSONValue, into properties: [String: SchemaAttribute]) -> [String: SchemaAttribute] {
        guard case .object(let written)? = body["definitions"]?["custom"]?["properties"] else { return properties }
        var merged = properties
        for (name, value) in written {
            merged[name] = (try? JSONEncoder.okta.encode(value)).flatMap { try? JSONDecoder().decode(SchemaAttribute.self, from: $0) }
        }
        return merged
    }

    /// An existing name that differs from `name` only in case: Okta refuses both.
    static func caseClash(_ name: String, in schema: UserSchema) -> String? {
        let lower = name.lowercased()
        return (Array(schema.customProperties.keys) + Array(schema.baseProperties.keys)).first { $0 != name && $0.lowercased() == lower }
    }
}
