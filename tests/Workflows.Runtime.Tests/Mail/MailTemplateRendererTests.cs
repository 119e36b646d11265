using Workflows.Runtime.Mail;

namespace Workflows.Runtime.Tests.Mail;

public sealed class MailTemplateRendererTests
{
    private static readonly Uri TaskLink = new("https://workflow.association.example/inbox/tasks/7f3c");

    // 2026-12-01 18:30 UTC is already 2 December, 02:30 in Beijing: a date that changes in conversion.
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 18, 30, 0, TimeSpan.Zero);

    public static TheoryData<MailTemplateKind, string> AllKindsAndCultures()
    {
        var data = new TheoryData<MailTemplateKind, string>();
        foreach (var kind in Enum.GetValues<MailTemplateKind>())
        {
            foreach (var culture in MailTemplateRenderer.SupportedCultures)
            {
                data.Add(kind, culture);
            }
        }

        return data;
    }

    [Fact]
    public void Render_TaskAssignedInChinese_ProducesExactChineseText()
    {
        var mail = MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", FullModel());

        Assert.Equal("zh-CN", mail.Culture);
        Assert.Equal("【待办】分支机构年度考核：秘书处初审", mail.Subject);
        Assert.Equal(
            """
            张三，您好：

            您有一项新的待办事项，请及时办理。

            流程：分支机构年度考核
            待办事项：秘书处初审
            申请：心血管病专业委员会2026年度考核
            发送人：李四
            办理期限：2026年12月2日（星期三）02:30（北京时间）
            附言：材料已补齐

            办理地址：https://workflow.association.example/inbox/tasks/7f3c

            --
            此邮件由协会流程系统自动发送，请勿直接回复。

            """,
            mail.Text);
    }

    [Fact]
    public void Render_TaskAssignedInChinese_HtmlHasChineseLayoutRowsAndLink()
    {
        var mail = MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", FullModel());

        Assert.StartsWith("<!DOCTYPE html>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<title>【待办】分支机构年度考核：秘书处初审</title>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<p>张三，您好：</p>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>待办事项</th><td>秘书处初审</td></tr>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button\" href=\"https://workflow.association.example/inbox/tasks/7f3c\">立即办理</a>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("此邮件由协会流程系统自动发送", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TaskAssignedInEnglish_ProducesEnglishSubjectAndBody()
    {
        var model = FullModel() with { ProcessName = "Annual branch assessment", TaskTitle = "Secretariat review", RecipientName = "Zhang San" };

        var mail = MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "en", model);

        Assert.Equal("en", mail.Culture);
        Assert.Equal("[To do] Annual branch assessment: Secretariat review", mail.Subject);
        Assert.StartsWith("Dear Zhang San,\n", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Due: Wed, 2 Dec 2026, 02:30 (Beijing time)\n", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Open the task: https://workflow.association.example/inbox/tasks/7f3c\n", mail.Text, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", mail.Html, StringComparison.Ordinal);
        Assert.Contains(">Open the task</a>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("您好", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("en-GB")]
    [InlineData("EN")]
    [InlineData("en_US")]
    public void Render_EnglishVariantCulture_UsesEnglish(string culture)
    {
        var mail = MailTemplateRenderer.Render(MailTemplateKind.Reminder, culture, FullModel());

        Assert.Equal("en", mail.Culture);
        Assert.StartsWith("[Reminder] ", mail.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("ja-JP")]
    [InlineData("zh-TW")]
    [InlineData("zh")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("not a culture")]
    public void Render_UnknownOrEmptyCulture_FallsBackToChinese(string? culture)
    {
        var mail = MailTemplateRenderer.Render(MailTemplateKind.Reminder, culture, FullModel());

        Assert.Equal("zh-CN", mail.Culture);
        Assert.Equal("【到期提醒】分支机构年度考核：秘书处初审", mail.Subject);
    }

    [Fact]
    public void Render_ValuesWithMarkup_AreEncodedInHtmlAndVerbatimInText()
    {
        var model = FullModel() with
        {
            RecipientName = "<script>alert('x')</script>",
            ProcessName = "评审 & 公示",
            Comment = "<b>请补充</b>\n第二行 \"引号\"",
            Link = new Uri("https://workflow.association.example/inbox/tasks/1?from=mail&x=\"q\""),
        };

        var mail = MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", model);

        Assert.DoesNotContain("<script>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>请补充</b>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<td>评审 &amp; 公示</td>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<td>&lt;b&gt;请补充&lt;/b&gt;<br>第二行 &quot;引号&quot;</td>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://workflow.association.example/inbox/tasks/1?from=mail&amp;x=%22q%22\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<title>【待办】评审 &amp; 公示：秘书处初审</title>", mail.Html, StringComparison.Ordinal);

        Assert.StartsWith("<script>alert('x')</script>，您好：", mail.Text, StringComparison.Ordinal);
        Assert.Contains("附言：<b>请补充</b>\n第二行 \"引号\"\n", mail.Text, StringComparison.Ordinal);
        Assert.Equal("【待办】评审 & 公示：秘书处初审", mail.Subject);
    }

    [Fact]
    public void Render_ValueWithLineBreaks_SubjectStaysOneLine()
    {
        var model = FullModel() with { TaskTitle = "初审\r\nBcc: attacker@evil.example" };

        var mail = MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", model);

        Assert.Equal("【待办】分支机构年度考核：初审 Bcc: attacker@evil.example", mail.Subject);
    }

    [Fact]
    public void Render_OptionalValuesMissing_LeavesTheirLinesOutWithoutBlankLines()
    {
        var minimal = new MailTemplateModel { RecipientName = "张三", ProcessName = "分支机构年度考核", TaskTitle = "秘书处初审" };

        var mail = MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", minimal);

        Assert.Equal(
            """
            张三，您好：

            您有一项新的待办事项，请及时办理。

            流程：分支机构年度考核
            待办事项：秘书处初审

            --
            此邮件由协会流程系统自动发送，请勿直接回复。

            """,
            mail.Text);
        Assert.DoesNotContain("附言", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllKindsAndCultures))]
    public void Render_EveryKindAndCulture_ProducesCompleteMailWithoutPlaceholders(MailTemplateKind kind, string culture)
    {
        var mail = MailTemplateRenderer.Render(kind, culture, FullModel());

        Assert.Equal(culture, mail.Culture);
        Assert.False(string.IsNullOrWhiteSpace(mail.Subject));
        Assert.Contains("分支机构年度考核", mail.Subject, StringComparison.Ordinal);
        foreach (var part in new[] { mail.Subject, mail.Html, mail.Text })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", part, StringComparison.Ordinal);
            Assert.DoesNotContain("\n\n\n", part, StringComparison.Ordinal);
        }

        Assert.Contains("张三", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{TaskLink}\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains(TaskLink.ToString(), mail.Text, StringComparison.Ordinal);
        Assert.EndsWith(culture == "en" ? "Please do not reply to it.\n" : "请勿直接回复。\n", mail.Text, StringComparison.Ordinal);
        Assert.EndsWith("</html>", mail.Html.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllKindsAndCultures))]
    public void Render_EveryKindAndCulture_SubjectsDifferBetweenKinds(MailTemplateKind kind, string culture)
    {
        var subject = MailTemplateRenderer.Render(kind, culture, FullModel()).Subject;

        var others = Enum.GetValues<MailTemplateKind>().Where(k => k != kind)
            .Select(k => MailTemplateRenderer.Render(k, culture, FullModel()).Subject);
        Assert.DoesNotContain(subject, others);
    }

    [Theory]
    [InlineData(MailTemplateKind.TaskAssigned, nameof(MailTemplateModel.TaskTitle))]
    [InlineData(MailTemplateKind.Reminder, nameof(MailTemplateModel.DueDate))]
    [InlineData(MailTemplateKind.Urge, nameof(MailTemplateModel.ActorName))]
    [InlineData(MailTemplateKind.Escalation, nameof(MailTemplateModel.DueDate))]
    [InlineData(MailTemplateKind.Decision, nameof(MailTemplateModel.Outcome))]
    [InlineData(MailTemplateKind.ResultPublished, nameof(MailTemplateModel.InstanceTitle))]
    [InlineData(MailTemplateKind.ApplicationReturned, nameof(MailTemplateModel.InstanceTitle))]
    [InlineData(MailTemplateKind.CarbonCopy, nameof(MailTemplateModel.InstanceTitle))]
    public void Render_RequiredValueMissing_ThrowsNamingIt(MailTemplateKind kind, string missing)
    {
        var model = missing switch
        {
            nameof(MailTemplateModel.TaskTitle) => FullModel() with { TaskTitle = null },
            nameof(MailTemplateModel.DueDate) => FullModel() with { DueDate = null },
            nameof(MailTemplateModel.ActorName) => FullModel() with { ActorName = " " },
            nameof(MailTemplateModel.Outcome) => FullModel() with { Outcome = "" },
            nameof(MailTemplateModel.InstanceTitle) => FullModel() with { InstanceTitle = null },
            _ => throw new ArgumentOutOfRangeException(nameof(missing)),
        };

        var error = Assert.Throws<ArgumentException>(() => MailTemplateRenderer.Render(kind, "zh-CN", model));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/x")]
    public void Render_NonWebLink_Throws(string link)
    {
        var model = FullModel() with { Link = new Uri(link) };

        Assert.Throws<ArgumentException>(() => MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", model));
    }

    [Fact]
    public void Render_RelativeLink_Throws()
    {
        var model = FullModel() with { Link = new Uri("inbox/tasks/1", UriKind.Relative) };

        Assert.Throws<ArgumentException>(() => MailTemplateRenderer.Render(MailTemplateKind.TaskAssigned, "zh-CN", model));
    }

    [Theory]
    [InlineData("zh-CN", "2026年12月2日（星期三）02:30（北京时间）")]
    [InlineData("en", "Wed, 2 Dec 2026, 02:30 (Beijing time)")]
    public void FormatDueDate_UtcInstant_ShownInChinaTime(string culture, string expected)
    {
        Assert.Equal(expected, MailTemplateRenderer.FormatDueDate(Due, culture));
    }

    [Fact]
    public void FormatDueDate_InstantWithOtherOffset_ConvertedNotRelabelled()
    {
        var newYorkEvening = new DateTimeOffset(2026, 12, 1, 13, 30, 0, TimeSpan.FromHours(-5));

        Assert.Equal("2026年12月2日（星期三）02:30（北京时间）", MailTemplateRenderer.FormatDueDate(newYorkEvening, "zh-CN"));
    }

    [Theory]
    [InlineData(MailDecision.Approved, "zh-CN", "同意")]
    [InlineData(MailDecision.Rejected, "zh-CN", "不同意")]
    [InlineData(MailDecision.Returned, "zh-CN", "退回修改")]
    [InlineData(MailDecision.Approved, "en-US", "Approved")]
    [InlineData(MailDecision.Rejected, "en", "Rejected")]
    [InlineData(MailDecision.Returned, "en", "Returned for revision")]
    [InlineData(MailDecision.Approved, "de-DE", "同意")]
    public void DescribeDecision_Culture_WordsTheDecision(MailDecision decision, string culture, string expected)
    {
        Assert.Equal(expected, MailTemplateRenderer.DescribeDecision(decision, culture));
    }

    [Fact]
    public void Render_DecisionWithDescribedOutcome_PutsOutcomeInSubject()
    {
        var model = FullModel() with { Outcome = MailTemplateRenderer.DescribeDecision(MailDecision.Approved, "zh-CN") };

        var mail = MailTemplateRenderer.Render(MailTemplateKind.Decision, "zh-CN", model);

        Assert.Equal("【审批结果】分支机构年度考核：心血管病专业委员会2026年度考核（同意）", mail.Subject);
        Assert.Contains("审批意见：材料已补齐\n", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CarbonCopyWithoutActor_UsesTheSentenceWithoutAName()
    {
        var mail = MailTemplateRenderer.Render(MailTemplateKind.CarbonCopy, "en", FullModel() with { ActorName = null });

        Assert.Contains("\nYou have been copied on the item below for your information; no action is needed.\n", mail.Text, StringComparison.Ordinal);
    }

    private static MailTemplateModel FullModel() => new()
    {
        RecipientName = "张三",
        ProcessName = "分支机构年度考核",
        TaskTitle = "秘书处初审",
        InstanceTitle = "心血管病专业委员会2026年度考核",
        DueDate = Due,
        Outcome = "同意",
        Comment = "材料已补齐",
        ActorName = "李四",
        Link = TaskLink,
    };
}
