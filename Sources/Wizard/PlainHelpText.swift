extension Strings {
    /// Plain mode's help: keys are typed as words on a line, not pressed, so it says how.
    var plainHelpLines: [String] {
        [t("Type a key's name on a line and press Enter: pgup or pgdn scrolls, esc (or back) goes back, a letter or digit is that key; an empty line is Enter. 1 2 3 open a phase and s the summary.",
           "キーの名前を 1 行に入力して Enter を押します。pgup・pgdn でスクロール、esc（または back）で戻り、英字や数字はそのキーです。空行は Enter です。1 2 3 でフェーズ、s でまとめを開きます。"),
         t("f1, f5 and f10 are ?, r and q. On a text field, the line is the field's value, unless it is a key's name.",
           "f1・f5・f10 は ?・r・q と同じです。入力欄では、キーの名前でない行が入力欄の値になります。"),
         t("Nothing is written without showing the exact request first. Every write is journalled and can be rolled back.", "正確なリクエストを表示せずに書き込むことはありません。すべての書き込みはジャーナルに記録され、ロールバックできます。")]
    }
}
