#pragma once
// HtmlReportAssets: the CSS and the script that report.html inlines
// (HtmlReport.h, "Explorable" and "Self-contained"). They are text, not
// logic of the page builder, so they live apart from it; the script is ES5
// and free of "]]>" so that it sits in a CDATA section.

namespace replsim {

const char* htmlReportCss();
const char* htmlReportScript();

}  // namespace replsim
