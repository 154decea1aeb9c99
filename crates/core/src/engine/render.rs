//! Messages: a standard's message template filled from the record and the blame.

use super::*;

/// Fill a message template.
pub(super) fn render(
    tpl: &str,
    ctx: &Ctx<'_>,
    std: &Standard,
    b: &[Option<Bound<'_>>],
    blame: &Blame,
    params: &crate::standards::Params,
) -> String {
    crate::standards::fill_placeholders(tpl, |name| {
        Some(match name {
            "child" => child_ref(std, b).unwrap_or_else(|| "-".into()),
            "age" => std
                .slots
                .iter()
                .position(|s| s.list == "children")
                .and_then(|ci| b.get(ci)?.as_ref())
                .and_then(|c| obj_field(c.val, "age_years", child_obj()))
                .map_or("?".into(), |v| v.v.display()),
            "record" => {
                record_name(std, b).unwrap_or_else(|| ctx.a.urn.clone().unwrap_or_else(|| "the provider".into()))
            }
            "kind" => crate::schema::kind_in_words(ctx.a.kind.unwrap_or("")).to_string(),
            "value" => blame.value.clone().unwrap_or_else(|| "not given".into()),
            "field" => local_field(&blame.path).to_string(),
            "detail" => blame.detail.clone(),
            "as_of" => ctx.as_of.to_string(),
            "urn" => ctx.a.urn.clone().unwrap_or_else(|| "?".into()),
            other => {
                if let Some(p) = other.strip_prefix("param.") {
                    params.get(p).map_or("?".into(), |p| p.value.show())
                } else {
                    field_text(ctx, std, b, other)
                }
            }
        })
    })
}

pub(super) fn field_text(ctx: &Ctx<'_>, std: &Standard, b: &[Option<Bound<'_>>], path: &str) -> String {
    // Resolve against the bound slots, longest list prefix first.
    let Some((si, slot)) = std
        .slots
        .iter()
        .enumerate()
        .filter(|(_, s)| path.starts_with(&format!("{}.", s.list)))
        .max_by_key(|(_, s)| s.list.len())
    else {
        // a plain field from the top of the file
        let segs: Vec<&str> = path.split('.').collect();
        return ctx.a.get(&segs).map_or_else(|| "not given".into(), |v| v.v.display());
    };
    let Some(bd) = b.get(si).and_then(Option::as_ref) else {
        return "not given".into();
    };
    let rel = &path[slot.list.len() + 1..];
    let mut v = bd.val;
    let mut obj = bd.obj.unwrap_or(schema::root());
    for seg in crate::strings::dotted(rel) {
        let Some(next) = obj_field(v, seg, obj) else {
            return "not given".into();
        };
        let Some(i) = obj.index(seg) else {
            return "?".into();
        };
        if let Ty::Obj(o) = &obj.fields[i].ty {
            obj = o;
        }
        v = next;
    }
    v.v.display()
}

/// A field as named within its record (`references` for `workforce.staff[0].references`):
/// the message names the record already, in words.
pub(super) fn local_field(path: &str) -> &str {
    match path.rfind("].") {
        Some(i) => &path[i + 2..],
        None => path,
    }
}
