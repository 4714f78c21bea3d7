import Foundation
import SetupEngine
import Testing
import TestSupport
@testable import Wizard

/// Issue 26 section 2: a step's reason is data (`StepReason`), worded once per language:
/// English by the engine (also `--json`'s), Japanese in `ReasonText.swift`.
@Suite struct ReasonTextTests {
    static let ja = Strings.for(.ja)

    static func isJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) } && EnglishDetector.runs(in: text).isEmpty
    }

    /// Every case, with its parts, has Japanese; a new case does not compile until it has.
    static let cases: [StepReason] = [
        .noApp, .waitsForApp,
        .userAttributeCaseClash(existing: "DialpadPhone", name: "dialpadPhone"), .userAttributeMissing(name: "dialpadPhone"),
        .userAttributeWrongType(name: "dialpadPhone", type: "integer"), .userAttributeWrongType(name: "dialpadPhone", type: nil),
        .userAttributeDiffers(name: "dialpadPhone", differences: [.title("Phone"), .description("x")], wantedTitle: "Dialpad Phone"),
        .userAttributeDone(name: "dialpadPhone", title: "Dialpad Phone"),
        .appAttributeCaseClash(app: "Dialpad", existing: "DialpadPhone", name: "dialpadPhone"), .appAttributeMissing(app: "Dialpad", name: "dialpadPhone"),
        .appAttributeWrongType(name: "dialpadPhone", type: "boolean"),
        .appAttributeDiffers(name: "dialpadPhone", differences: [.externalName(nil), .externalNamespace(nil), .externalNamespace("urn:x")]),
        .appAttributeDone(name: "dialpadPhone", externalName: "phoneNumbers.^[type=='Dialpad'].value"),
        .noInboundMapping(app: "Dialpad"), .mapped(mappingId: "prm1", expression: "appuser.dialpadPhone", attribute: "dialpadPhone"),
        .mappedFromElsewhere(attribute: "dialpadPhone", expression: "appuser.mobilePhone"), .waitsFor([.oktaAttribute, .appAttribute]),
        .notMappedYet(mappingId: "prm1", expression: "appuser.dialpadPhone", attribute: "dialpadPhone"),
        .waitsForMapping, .pushOnCreateAndUpdate, .pushWaitsForProfileSource(app: "Dialpad"), .pushOnCreateOnly(found: "DONT_PUSH"), .pushOnCreateOnly(found: nil),
        .notProfileSource(app: "Dialpad", onlySource: true, idpsUncounted: true), .onlyProfileSource(app: "Dialpad"),
        .noOtherAppSources(app: "Dialpad", confirmed: true, idpsUncounted: true),
        .besideOtherSources(app: "Dialpad", others: ["Workday", "Corporate SAML"], confirmed: true, idpsUncounted: false),
        .chooseForExistingUsers, .noNumbersAndImportOff(scope: .init(checked: 50, truncated: false), app: "Dialpad"),
        .awaitingImport(scope: .init(checked: 200, truncated: true), app: "Dialpad", evidence: .noneSinceProfileChanged(latest: "2026-01-15T10:00:00.000Z"), newUsersOnlyConfirmed: true),
        .awaitingImport(scope: .init(checked: 50, truncated: false), app: "Dialpad", evidence: .inconclusive(latest: nil), newUsersOnlyConfirmed: false),
        .sourcingBeforeImport(scope: .init(checked: 50, truncated: false), app: "Dialpad"),
        .allSynced(withNumber: 50, scope: .init(checked: 50, truncated: false)), .newUsersOnlyConfirmed(keepNoNumber: 3),
        .notSourcedByApp(missing: 3, withNumber: 5, scope: .init(checked: 50, truncated: false), app: "Dialpad"),
        .applyUpdatesNow(missing: 3, withNumber: 5, scope: .init(checked: 50, truncated: false)),
        .otherUserTypes(base: .allSynced(withNumber: 5, scope: .init(checked: 50, truncated: false)),
                        shares: [UserTypeShare(typeId: "oty1", name: "Contractor", users: 2)], app: "Dialpad", attribute: "dialpadPhone", expression: "appuser.dialpadPhone"),
        .waitsForUserAttribute, .overriddenToApp(app: "Dialpad"), .waitsForProfileSource(app: "Dialpad"),
        .notOverridden(now: .overriddenTo("0oaOther"), app: "Dialpad"), .notOverridden(now: .okta, app: "Dialpad"), .notOverridden(now: .profileSource, app: "Dialpad"),
    ]

    @Test(arguments: cases)
    func everyReasonHasJapanese(_ why: StepReason) {
        let japanese = Self.ja.reason(why)
        #expect(Self.isJapanese(japanese), "\(japanese)")
        #expect(Strings.for(.en).reason(why) == why.english)
    }

    /// What each seed's steps say: every step's reason is typed, the English `reason` is the
    /// typed reason's, and the Japanese is Japanese, with Okta's names.
    @Test(arguments: ["fresh", "partial", "complete", "conflict", "push-only", "enterprise"])
    func seedsGiveTypedReasons(_ seed: String) async throws {
        let observation = try await Observations.shared.of(seed)
        for report in Planner.plan(observation) {
            #expect(!report.why.english.isEmpty, "\(seed) \(report.id)")
            let japanese = Self.ja.reason(report)
            #expect(Self.isJapanese(japanese), "\(seed) \(report.id): \(japanese)")
        }
    }

    /// `--json` keeps its shape: the reason in English, never its typed parts.
    @Test func jsonKeepsTheEnglishReason() throws {
        let report = StepReport(id: .pushStatus, status: .blocked, why: .waitsForMapping)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder.document.encode(report)) as? [String: Any])
        #expect(json["reason"] as? String == "Waits for the mapping.")
        #expect(json["why"] == nil)
    }

    /// A write's purpose is worded by the text layer too: `plan --json`'s summary, in English.
    @Test func jsonKeepsTheWritesEnglishSummary() throws {
        let write = PlannedWrite(step: .pushStatus, method: "POST", path: "/api/v1/mappings/prm1", body: .object([:]), purpose: .applyMappingOnUpdate)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder.document.encode(write)) as? [String: Any])
        #expect(json["summary"] as? String == "Apply the mapping on user create and update (PUSH).")
        #expect(json["purpose"] == nil)
    }
}
