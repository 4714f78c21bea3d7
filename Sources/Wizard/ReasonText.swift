import OktaClient
import SetupEngine

extension Strings {
    /// Why a step stands where it does, in the admin's language: English is in
    /// `ReasonText+English.swift` (`--json`'s too), Japanese is here, case by case. Okta's names,
    /// ids and values stay as Okta writes them.
    func reason(_ why: StepReason) -> String {
        guard language == .ja else { return why.english }
        switch why {
        case .own(let own): return own.words(.ja)
        case .noApp: return "この組織に Dialpad アプリがありません。Okta Integration Network から SCIM プロビジョニング付きで Dialpad を追加するか、--app-id を指定してください。"
        case .waitsForApp: return "Dialpad アプリを待っています。"
        case .countingProfileSources: return "他のプロファイルソースを数えるため、組織のアプリ一覧を読んでいます。"

        case .userAttributeCaseClash(let existing, let name):
            return "Okta のプロファイルには、\(name) と大文字・小文字だけが異なる「\(existing)」がすでにあります。Okta はどちらも受け付けません。"
        case .userAttributeMissing(let name): return "Okta ユーザープロファイルにはまだ属性 \(name) がありません。"
        case .userAttributeWrongType(let name, let type):
            return "\(name) は文字列ではなく \(type ?? "型のない属性") として存在します。型を変えると全ユーザーの値が削除されるため、管理コンソールで解決してください。"
        case .userAttributeDiffers(let name, let differences, let wantedTitle):
            return "\(name) は \(differences.map(difference).joined(separator: "、")) で存在します。手順での表示名は「\(wantedTitle)」です。"
        case .userAttributeDone(let name, let title): return "\(name) は表示名「\(title)」の文字列属性です。"

        case .appAttributeCaseClash(let app, let existing, let name):
            return "\(app) のプロファイルには、\(name) と大文字・小文字だけが異なる「\(existing)」がすでにあります。"
        case .appAttributeMissing(let app, let name): return "\(app) アプリのプロファイルにはまだ属性 \(name) がありません。"
        case .appAttributeWrongType(let name, let type):
            return "\(name) はアプリのプロファイルに文字列ではなく \(type ?? "型のない属性") として存在します。管理コンソールで解決してください。"
        case .appAttributeDiffers(let name, let differences):
            return "アプリの \(name) は \(differences.map(difference).joined(separator: "、")) です。"
        case .appAttributeDone(let name, let externalName): return "\(name) は Dialpad の \(externalName) を読み取ります。"

        case .noInboundMapping(let app):
            return "Okta に \(app) → Okta ユーザーのマッピングがありません。先にアプリの Okta へのプロビジョニング（To Okta）を有効にしてください。"
        case .mapped(let mappingId, let expression, let attribute): return "\(mappingId) は \(expression) を \(attribute) にマッピングしています。"
        case .mappedFromElsewhere(let attribute, let expression):
            return "\(attribute) はすでに「\(expression)」からマッピングされています（別の設定）。変更しません。"
        case .waitsFor(let steps): return "\(steps.map(stepTitle).joined(separator: "、")) を待っています。"
        case .notMappedYet(let mappingId, let expression, let attribute): return "\(mappingId) はまだ \(expression) を \(attribute) にマッピングしていません。"

        case .waitsForMapping: return "マッピングを待っています。"
        case .pushOnCreateAndUpdate: return "マッピングはユーザーの作成時と更新時に適用されます（PUSH）。"
        case .pushWaitsForProfileSource(let app):
            return "Okta が PUSH を受け付けるのは \(app) が Okta ユーザーのソースになってからです。\(stepTitle(.profileSource)) を待っています。"
        case .onlySourceGate(let app):
            return "提示しません：\(app) が組織で唯一のプロファイルソースです。別のソースが \(app) より上位になってから続けます（方法は「\(stepTitle(.profileSource))」にあります。API で一覧できないソースがある場合はそこで記録できます）。"
        case .pushOnCreateOnly(let found):
            return "マッピングは作成時にのみ適用されます（\(found ?? "プッシュ設定なし")）。作成時と更新時に適用（PUSH）する必要があります。"

        case .notProfileSource(let app, true, let idpsUncounted):
            return "\(app) は Okta ユーザーのソースではなく、ほかにもソースがありません。\(app) を唯一のプロファイルソースにしてはいけないため、許可しないでください。先に別のソースを残すか追加して \(app) より上位に置いてください。またはソーシングの前で止めてください：番号は \(app) のアプリユーザーには届き、check-user で確認できます。"
                + uncounted(idpsUncounted)
        case .notProfileSource(let app, false, let idpsUncounted):
            return "\(app) はまだ Okta ユーザーのソースではありません。管理コンソールのプロビジョニング > Okta へ（Provisioning > To Okta）で許可してください。" + uncounted(idpsUncounted)
        case .onlyProfileSource(let app):
            return "\(app) が組織で唯一のプロファイルソースです。手順では、これより上位のソースがもうひとつ必要です。"
        case .noOtherAppSources(let app, let confirmed, let idpsUncounted):
            return "\(app) は Okta ユーザーのソースで、ほかのアプリはソースではありません。ID プロバイダーがこれより上位かどうかは不明です。" + uncounted(idpsUncounted)
                + (confirmed ? "非アクティブ化時は「何もしない」、最も低い優先度であることは管理者が確認済みです。" : "")
        case .otherSourceUnseen(let app, let confirmed):
            return "\(app) は Okta ユーザーのソースです。API ではほかのソースが見えませんが、API で一覧できないソースが \(app) より上位にあると管理者が確認しました（管理者の申告：API では読み取れません）。"
                + (confirmed ? "非アクティブ化時は「何もしない」、最も低い優先度であることは管理者が確認済みです。" : "")
        case .besideOtherSources(let app, let others, let confirmed, let idpsUncounted):
            return "\(app) は、ほかの \(others.count) 個のソース（\(others.joined(separator: "、"))）とともに Okta ユーザーのソースです。"
                + (confirmed ? "非アクティブ化時は「何もしない」、最も低い優先度であることは管理者が確認済みです（API では読み取れません）。" : "")
                + uncounted(idpsUncounted)

        case .chooseForExistingUsers: return "管理コンソールで選んでください：既存ユーザーにも今すぐマッピングを適用するか、新規ユーザーのみにするか。"
        case .noNumbersAndImportOff(let scope, let app):
            let advice = ImportText(language: .ja, app: app)
            return "\(self.scope(scope))のうち、\(app) アプリのプロファイルに Dialpad 番号がある人はいません。インポートでも入りません：" + advice.notEnabled + advice.enable + advice.importNow + advice.queue
        case .awaitingImport(let scope, let app, let evidence, let confirmed):
            let advice = ImportText(language: .ja, app: app)
            // A time in the admin's zone, worded as every other Japanese date (2026年1月15日), never ISO.
            let why = "（\(advice.evidence(evidence) { self.time($0, timeZone: .current) })）"
            return confirmed
                ? "管理者は新規・変更ユーザーのみを選びました（管理者の申告で、API では読み取れません）。\(self.scope(scope))のうち、\(app) アプリのプロファイルに Dialpad 番号がある人はまだいません。番号は \(app) からのインポートでのみ入ります\(why)。" + advice.importNow
                : "\(self.scope(scope))のうち、\(app) アプリのプロファイルに Dialpad 番号がある人はまだいません。番号は \(app) からのインポートでのみ入ります\(why)。" + advice.importNow + advice.queue
        case .allSynced(let withNumber, let scope): return "\(self.scope(scope))のうち Dialpad 番号がある \(withNumber) 人全員の番号が Okta に入っています。"
        case .newUsersOnlyConfirmed(let keepNoNumber):
            return "管理者は新規・変更ユーザーのみを選びました（管理者の申告で、API では読み取れません）。既存ユーザー \(keepNoNumber) 人は次に更新されるまで番号が入りません。"
        case .notSourcedByApp(let missing, let withNumber, let scope, let app):
            return "\(self.scope(scope))のうち Dialpad 番号がある \(withNumber) 人中 \(missing) 人は Okta に番号がなく、Okta はその人たちの dialpadPhone を別のソースから取っています。\(app) は Okta ユーザーのソースではなく、dialpadPhone も \(app) に上書きされていないため、「今すぐ更新を適用」しても変わりません。\(stepTitle(.profileSource))と\(stepTitle(.sourcePriority))を待っています。"
        case .sourcingBeforeImport(let scope, let app):
            return "\(self.scope(scope))のうち、Okta に Dialpad 番号がある人はまだいません。番号は \(app) からのインポートで入りますが、Okta のプロファイルに反映されるのは \(app) が dialpadPhone のソースになってからです。それまではインポートしても「今すぐ更新を適用」しても入らないため、インポートはソーシングのステップの後で案内します。"
        case .applyUpdatesNow(let missing, let withNumber, let scope):
            return "\(self.scope(scope))のうち Dialpad 番号がある \(withNumber) 人中 \(missing) 人は Okta に番号がありません。管理コンソールで「今すぐ更新を適用」するか、新規ユーザーのみを選んでください。"
        case .otherUserTypes(let base, let shares, let app, _, _):
            return reason(base) + otherUserTypes(shares, app: app)

        case .waitsForUserAttribute: return "\(stepTitle(.oktaAttribute)) を待っています。"
        case .overriddenToApp(let app): return "dialpadPhone は \(app) の値を優先して取ります（上書き）。"
        case .waitsForProfileSource(let app): return "\(app) がプロファイルソースになるのを待っています。"
        case .notOverridden(let now, let app):
            let source: String
            switch now {
            case .overriddenTo(let other): source = "\(other ?? "別のソース") に上書きされています"
            case .okta: source = "Okta から継承しています"
            case .profileSource: source = "プロファイルソースから継承しています"
            }
            return "dialpadPhone は\(source)。\(app) に上書きする必要があります。"
        }
    }

    private func difference(_ difference: StepReason.Difference) -> String {
        switch difference {
        case .title(let title): return "表示名「\(title)」"
        case .description(let description): return "説明「\(description)」"
        case .externalName(let name): return "外部名「\(name ?? "なし")」"
        case .externalNamespace(let namespace): return namespace.map { "外部名前空間「\($0)」" } ?? "外部名前空間なし（Okta は SCIM で送信しません）"
        }
    }

    /// Which assigned users were sampled.
    private func scope(_ scope: StepReason.SampleScope) -> String {
        scope.truncated ? "割り当てられたユーザーの最初の \(scope.checked) 人" : "割り当てられたユーザー \(scope.checked) 人"
    }

    private func uncounted(_ idpsUncounted: Bool) -> String {
        idpsUncounted ? "ID プロバイダーは数えていません。この資格情報では読み取れない可能性があります（API トークンの管理者ロール、または okta.idps.read のないサービスアプリ）。" : ""
    }
}
