#include "api/loader.h"

#include <fstream>
#include <sstream>

#include "api/placeholder.h"

namespace swell::api {
namespace {

std::string RefOf(const Object& o, std::string_view ns) {
  const KindInfo& k = KindOf(o);
  std::string ref(k.kind);
  ref += ' ';
  if (k.namespaced) {
    ref += ns;
    ref += '/';
  }
  const ObjectMeta& m = MetaOf(o);
  ref += m.name.empty() ? (m.generate_name.empty() ? "<unnamed>" : m.generate_name + "*") : m.name;
  return ref;
}

// A best-effort "Kind ns/name" for an object that failed to decode.
std::string RefOfNode(const yaml::Node& n) {
  if (!n.IsMapping()) return "";
  const yaml::Node* kind = n.Find("kind");
  const yaml::Node* meta = n.Find("metadata");
  std::string ref = (kind && kind->IsScalar()) ? kind->value() : "object";
  if (meta && meta->IsMapping()) {
    const yaml::Node* ns = meta->Find("namespace");
    const yaml::Node* name = meta->Find("name");
    ref += ' ';
    if (ns && ns->IsScalar() && !ns->value().empty()) ref += ns->value() + "/";
    ref += (name && name->IsScalar()) ? name->value() : "<unnamed>";
  }
  return ref;
}

void AddFindings(const Diagnostics& diags, const Source& src, const std::string& ref,
                 LoadResult* result) {
  for (const Diagnostic& d : diags.items()) {
    Finding f{src.file, src.doc, ref, d};
    if (f.diag.mark.line == 0 && src.node) {
      const yaml::Node* at = FindByPath(*src.node, d.path);
      f.diag.mark = at ? at->mark() : src.mark;
    }
    result->findings.push_back(std::move(f));
  }
}

// An object is a template when its name or namespace holds a placeholder ({name}, <name>,
// ${NAME}) or a typed field held one: what it will be after templating is unknown, so its
// errors are reported as warnings (docs/validation.md, "Templates").
bool IsTemplate(const yaml::Node& node, const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items()) {
    if (d.rule == "decode/placeholder") return true;
  }
  const yaml::Node* meta = node.IsMapping() ? node.Find("metadata") : nullptr;
  if (meta == nullptr || !meta->IsMapping()) return false;
  for (const char* key : {"name", "namespace", "generateName"}) {
    const yaml::Node* v = meta->Find(key);
    if (v != nullptr && v->IsScalar() && ContainsPlaceholder(v->value())) return true;
  }
  return false;
}

void DowngradeTemplateErrors(Diagnostics& diags) {
  size_t downgraded = 0;
  for (Diagnostic& d : diags.mutable_items()) {
    if (d.severity != Severity::kError) continue;
    d.severity = Severity::kWarning;
    d.message = "(template) " + d.message;
    downgraded++;
  }
  if (downgraded > 0) {
    diags.Info("",
               "this object is a template (it holds placeholders): " + std::to_string(downgraded) +
                   " error(s) are reported as warnings until the placeholders are filled in",
               "decode/template");
  }
}

// `node` points into the document tree `src.node` shares ownership of (no copy).
void LoadObject(const yaml::Node& node, Source src, const std::vector<yaml::ParseWarning>& warnings,
                LoadResult* result) {
  src.mark = node.mark();
  src.node = std::shared_ptr<const yaml::Node>(src.node, &node);
  Diagnostics diags;
  for (const auto& w : warnings) diags.Warning("", w.message, "yaml/duplicate-key", w.mark);
  Object obj;
  if (!DecodeObject(node, &obj, diags)) {
    if (IsTemplate(node, diags)) DowngradeTemplateErrors(diags);
    AddFindings(diags, src, RefOfNode(node), result);
    return;
  }
  LoadedObject lo{std::move(obj), std::move(src)};
  ValidateObject(lo.object, diags);
  if (IsTemplate(node, diags)) DowngradeTemplateErrors(diags);
  ApplyObjectDefaults(lo.object);
  AddFindings(diags, lo.source, lo.Ref(), result);
  result->objects.push_back(std::move(lo));
}

}  // namespace

std::string LoadedObject::Namespace() const {
  if (!KindOf(object).namespaced) return "";
  const std::string& ns = MetaOf(object).namespace_;
  return ns.empty() ? "default" : ns;
}

std::string LoadedObject::Ref() const { return RefOf(object, Namespace()); }

bool LoadResult::HasErrors() const {
  for (const auto& f : findings) {
    if (f.diag.severity == Severity::kError) return true;
  }
  return false;
}

std::string FormatFinding(const Finding& f) {
  std::string out = f.file;
  if (f.diag.mark.line > 0) {
    out += ":" + std::to_string(f.diag.mark.line) + ":" + std::to_string(f.diag.mark.column);
  }
  switch (f.diag.severity) {
    case Severity::kError:
      out += ": error: ";
      break;
    case Severity::kWarning:
      out += ": warning: ";
      break;
    case Severity::kInfo:
      out += ": note: ";
      break;
  }
  if (f.doc > 0) out += "doc " + std::to_string(f.doc) + ": ";
  if (!f.object.empty()) out += f.object + ": ";
  if (!f.diag.path.empty()) out += f.diag.path + ": ";
  out += f.diag.message;
  if (!f.diag.rule.empty()) out += " [" + f.diag.rule + "]";
  return out;
}

void LoadText(std::string_view text, std::string_view file, LoadResult* result) {
  result->files++;
  yaml::ParseResult parsed = yaml::Parse(text);
  if (parsed.error) {
    Finding f;
    f.file = std::string(file);
    f.doc = parsed.error->document;
    f.diag = Diagnostic{Severity::kError, "", "YAML syntax error: " + parsed.error->message,
                        "yaml/syntax", parsed.error->mark};
    result->findings.push_back(std::move(f));
    return;
  }
  for (yaml::Document& doc : parsed.documents) {
    result->documents++;
    if (doc.empty) continue;
    // The document tree moves into shared ownership: objects keep it for positions.
    auto tree = std::make_shared<const yaml::Node>(std::move(doc.root));
    if (!doc.warnings.empty() && tree->IsMapping() && tree->Find("items") != nullptr) {
      for (const auto& w : doc.warnings) {
        result->findings.push_back(
            {std::string(file),
             doc.index,
             "",
             {Severity::kWarning, "", w.message, "yaml/duplicate-key", w.mark}});
      }
    }
    Source src{std::string(file), doc.index, -1, doc.start, tree};
    const yaml::Node& root = *tree;
    const yaml::Node* kind = root.IsMapping() ? root.Find("kind") : nullptr;
    const yaml::Node* items = root.IsMapping() ? root.Find("items") : nullptr;
    if (kind && kind->IsScalar() && kind->value() == "List" && items && items->IsSequence()) {
      for (size_t i = 0; i < items->size(); i++) {
        src.item = static_cast<int>(i);
        LoadObject(items->item(i), src, {}, result);
      }
      continue;
    }
    LoadObject(root, src, doc.warnings, result);
  }
}

void LoadFile(const std::string& path, LoadResult* result) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result->files++;
    Finding f;
    f.file = path;
    f.diag = Diagnostic{Severity::kError, "", "cannot read file", "io/read", {}};
    result->findings.push_back(std::move(f));
    return;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  LoadText(buf.str(), path, result);
}

}  // namespace swell::api
