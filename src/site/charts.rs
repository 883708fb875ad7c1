//! Inline SVG bar charts with text alternatives (`<title>`, `<desc>` and the data rows, which the
//! templates also show as a table). Colours come from the page's CSS, so light and dark both work.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The SVG markup (already escaped).
    pub svg: String,
    pub rows: Vec<(String, usize)>,
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart of `rows` (label, value).
pub fn bars(id: &str, title: &str, rows: Vec<(String, usize)>) -> Chart {
    const ROW: usize = 26;
    const LABEL: usize = 150;
    const BAR: usize = 210;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = rows.len().max(1) * ROW + 4;
    let desc = rows
        .iter()
        .map(|(l, v)| format!("{l}: {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 400 {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(&desc)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i * ROW + 2;
        let w = (BAR * value).div_ceil(max).max(usize::from(*value > 0) * 2);
        let short: String = if label.chars().count() > 22 {
            label.chars().take(21).chain(['…']).collect()
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            "<text class=\"chart-label\" x=\"0\" y=\"{}\">{}</text><rect class=\"chart-bar\" x=\"{LABEL}\" y=\"{}\" width=\"{w}\" height=\"{}\" rx=\"3\"/><text class=\"chart-value\" x=\"{}\" y=\"{}\">{value}</text>",
            y + 17,
            escape(&short),
            y + 3,
            ROW - 8,
            LABEL + w + 6,
            y + 17
        ));
    }
    svg.push_str("</svg>");
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_and_describe() {
        let c = bars(
            "y",
            "Per <year>",
            vec![("2024".into(), 3), ("a&b".into(), 0)],
        );
        assert!(
            c.svg
                .contains("<title id=\"y-title\">Per &lt;year&gt;</title>")
        );
        assert!(c.svg.contains("2024: 3, a&amp;b: 0"));
        assert!(c.svg.contains("width=\"210\""));
    }
}
