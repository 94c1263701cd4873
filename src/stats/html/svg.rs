//! The pieces every chart of the page is drawn with: escaping, numbers as
//! a reader reads them, an SVG opened with its title and description, a
//! scale with round steps, and stacked bars with their axis. Everything is
//! written as XHTML-compatible markup (every element closed, attributes
//! quoted, no named entity but XML's), so the page reads alike as HTML and
//! as XML. Colours are CSS classes, set by the page's style for light,
//! dark and print.

use std::fmt::Write;

/// Text made safe for an element's content or a quoted attribute.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML; a card's text
            // could hold one.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A count with thousands separated: `12,345`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A share as a whole percentage: `87%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// `n thing` or `n things`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A number of user units, as short as it reads exactly enough.
pub fn num(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded == rounded.trunc() {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Opens an `<svg>` of `width` × `height` user units, labelled by its
/// title and description (the chart's text alternative for a screen
/// reader), with `class` for its layout.
pub fn open(out: &mut String, id: &str, class: &str, size: (f64, f64), title: &str, desc: &str) {
    let (width, height) = size;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {} {}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        num(width),
        num(height),
        esc(title),
        esc(desc)
    );
}

pub fn close(out: &mut String) {
    out.push_str("</svg>");
}

/// A scale from 0 to a round number at or above `max`, in `ticks` round
/// steps (1, 2 or 5 times a power of ten).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub top: f64,
    pub step: f64,
}

impl Scale {
    pub fn up_to(max: f64, ticks: u32) -> Scale {
        let max = max.max(1.0);
        let rough = max / f64::from(ticks.max(1));
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * power)
            .find(|&s| s >= rough)
            .unwrap_or(10.0 * power)
            .max(1.0);
        Scale {
            top: (max / step).ceil() * step,
            step,
        }
    }

    /// The values of the grid lines, 0 included.
    pub fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let n = (self.top / self.step).round() as u32;
        (0..=n).map(move |i| f64::from(i) * self.step)
    }
}

/// Where a chart draws: the whole size and the plot's margins.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The usual frame of a bar chart: room for the axis's numbers on the
    /// left and for the days under the bars.
    pub const BARS: Frame = Frame {
        width: 360.0,
        height: 190.0,
        left: 40.0,
        right: 6.0,
        top: 10.0,
        bottom: 22.0,
    };

    pub fn plot_width(&self) -> f64 {
        self.width - self.left - self.right
    }

    pub fn plot_height(&self) -> f64 {
        self.height - self.top - self.bottom
    }

    /// The y of `value` on `scale`, from `low` at the bottom.
    pub fn y(&self, value: f64, low: f64, scale: &Scale) -> f64 {
        let span = (scale.top - low).max(f64::MIN_POSITIVE);
        self.top + self.plot_height() * (1.0 - (value - low) / span)
    }

    pub fn bottom_y(&self) -> f64 {
        self.height - self.bottom
    }
}

/// Grid lines with their values on the left, labelled by `label`.
pub fn y_axis(
    out: &mut String,
    frame: &Frame,
    low: f64,
    scale: &Scale,
    label: impl Fn(f64) -> String,
) {
    for value in scale.ticks().filter(|&v| v >= low) {
        let y = frame.y(value, low, scale);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\
             <text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            num(frame.left),
            num(frame.width - frame.right),
            num(y),
            num(y),
            num(frame.left - 4.0),
            num(y + 3.5),
            esc(&label(value))
        );
    }
}

/// One series of stacked bars: its CSS class and its name in words.
#[derive(Debug, Clone, Copy)]
pub struct Series {
    pub class: &'static str,
    pub name: &'static str,
}

/// One bar: what it is of (for its title and data), and a value per series.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Written as the group's `data-label`, a date or a month.
    pub key: String,
    /// Its title: what a pointer over it, or a screen reader, says.
    pub title: String,
    pub values: Vec<u64>,
}

/// A bar chart, stacked when there are several series.
pub struct Bars<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub series: &'a [Series],
    pub bars: &'a [Bar],
    /// Labels under the bars, at bar indices.
    pub labels: &'a [(usize, String)],
    /// A level drawn across, with its label (a daily limit).
    pub line: Option<(u64, String)>,
}

/// Draws `bars`: each a `<g class="bar">` holding one `<rect>` per series
/// with a value (`data-value`), bottom series first.
pub fn bars(out: &mut String, chart: &Bars<'_>) {
    let frame = Frame::BARS;
    let highest = chart
        .bars
        .iter()
        .map(|b| b.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0);
    let line = chart.line.as_ref().map_or(0, |(level, _)| *level);
    let scale = Scale::up_to(highest.max(line) as f64, 4);
    open(
        out,
        chart.id,
        "chart",
        (frame.width, frame.height),
        chart.title,
        chart.desc,
    );
    y_axis(out, &frame, 0.0, &scale, |v| count(v as u64));
    let pitch = frame.plot_width() / chart.bars.len().max(1) as f64;
    let gap = if pitch > 6.0 {
        pitch * 0.2
    } else {
        pitch * 0.12
    };
    for (i, bar) in chart.bars.iter().enumerate() {
        let x = frame.left + pitch * i as f64 + gap / 2.0;
        let _ = write!(
            out,
            "<g class=\"bar\" data-label=\"{}\"><title>{}</title>",
            esc(&bar.key),
            esc(&bar.title)
        );
        let mut base = 0u64;
        for (series, &value) in chart.series.iter().zip(&bar.values) {
            if value == 0 {
                continue;
            }
            let y_top = frame.y((base + value) as f64, 0.0, &scale);
            let y_base = frame.y(base as f64, 0.0, &scale);
            let _ = write!(
                out,
                "<rect class=\"{}\" data-value=\"{value}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                series.class,
                num(x),
                num(y_top),
                num(pitch - gap),
                num((y_base - y_top).max(0.5))
            );
            base += value;
        }
        out.push_str("</g>");
    }
    for (i, label) in chart.labels {
        x_label(out, &frame, frame.left + pitch * (*i as f64 + 0.5), label);
    }
    if let Some((level, label)) = &chart.line {
        let y = frame.y(*level as f64, 0.0, &scale);
        let _ = write!(
            out,
            "<line class=\"limit\" data-value=\"{level}\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>\
             <text class=\"limit-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            num(frame.left),
            num(frame.width - frame.right),
            num(y),
            num(y),
            num(frame.width - frame.right),
            num(y - 3.0),
            esc(label)
        );
    }
    close(out);
}

/// A label under the plot at `x`, kept inside the chart at either end.
pub fn x_label(out: &mut String, frame: &Frame, x: f64, label: &str) {
    let anchor = if x < frame.left + 16.0 {
        "start"
    } else if x > frame.width - frame.right - 16.0 {
        "end"
    } else {
        "middle"
    };
    let x = match anchor {
        "start" => x.min(frame.left),
        "end" => x.max(frame.width - frame.right),
        _ => x,
    };
    let _ = write!(
        out,
        "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
        num(x),
        num(frame.bottom_y() + 14.0),
        esc(label)
    );
}

/// The legend of `series`, as HTML under a chart.
pub fn legend(out: &mut String, series: &[Series]) {
    out.push_str("<ul class=\"legend\">");
    for s in series {
        let _ = write!(
            out,
            "<li><span class=\"swatch {}\"></span>{}</li>",
            s.class,
            esc(s.name)
        );
    }
    out.push_str("</ul>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            esc("<b>\"A&B\"</b> it's"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; it&#39;s"
        );
        assert_eq!(esc("한국어 中文 日本語"), "한국어 中文 日本語");
        assert_eq!(esc("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_000_350), "1,000,350");
    }

    #[test]
    fn scales_end_on_a_round_step_at_or_above_the_largest_value() {
        assert_eq!(
            Scale::up_to(0.0, 4),
            Scale {
                top: 1.0,
                step: 1.0
            }
        );
        assert_eq!(
            Scale::up_to(7.0, 4),
            Scale {
                top: 8.0,
                step: 2.0
            }
        );
        assert_eq!(
            Scale::up_to(37.0, 4),
            Scale {
                top: 40.0,
                step: 10.0
            }
        );
        assert_eq!(
            Scale::up_to(1234.0, 4),
            Scale {
                top: 1500.0,
                step: 500.0
            }
        );
        let ticks: Vec<f64> = Scale::up_to(7.0, 4).ticks().collect();
        assert_eq!(ticks, [0.0, 2.0, 4.0, 6.0, 8.0]);
    }

    #[test]
    fn a_stacked_bar_is_as_tall_as_its_values_on_the_scale() {
        let mut out = String::new();
        let series = [
            Series {
                class: "new",
                name: "new",
            },
            Series {
                class: "mature",
                name: "mature",
            },
        ];
        let bars = [
            Bar {
                key: "a".into(),
                title: "a".into(),
                values: vec![2, 6],
            },
            Bar {
                key: "b".into(),
                title: "b".into(),
                values: vec![0, 0],
            },
        ];
        super::bars(
            &mut out,
            &Bars {
                id: "t",
                title: "T",
                desc: "D",
                series: &series,
                bars: &bars,
                labels: &[],
                line: Some((4, "limit 4".into())),
            },
        );
        // The scale runs to 8: 8 units are the plot's whole height.
        let frame = Frame::BARS;
        let unit = frame.plot_height() / 8.0;
        assert!(out.contains(&format!(
            "<rect class=\"new\" data-value=\"2\" x=\"{}\" y=\"{}\"",
            num(frame.left + frame.plot_width() / 2.0 * 0.1),
            num(frame.bottom_y() - 2.0 * unit)
        )));
        assert!(out.contains(&format!("height=\"{}\"", num(6.0 * unit))));
        assert_eq!(out.matches("<g class=\"bar\"").count(), 2);
        assert_eq!(out.matches("<rect").count(), 2, "empty values draw nothing");
        assert!(out.contains("<line class=\"limit\" data-value=\"4\""));
    }
}
