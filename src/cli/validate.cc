#include "cli/validate.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "api/loader.h"
#include "lint/lint.h"

namespace swell::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kValidateHelp =
    "Usage: swell validate [--output text|json] [--quiet] [--strict] FILE|DIR...\n"
    "\n"
    "Reads KEDA (keda.sh/v1alpha1), Karpenter (karpenter.sh/v1, karpenter.k8s.aws/v1) and\n"
    "Kubernetes objects from YAML or JSON files (directories are searched for *.yaml, *.yml\n"
    "and *.json; '-' reads standard input), checks them the way the API server, KEDA's\n"
    "admission webhook and Karpenter's validation would, and lints them across objects.\n"
    "\n"
    "  --output text|json   one line per object or problem (default), or one JSON report\n"
    "  --quiet              print problems only, not the objects that are fine\n"
    "  --strict             treat warnings as errors (exit 1), e.g. in CI: warnings include\n"
    "                       what the API server rejects but swell can still read\n"
    "\n"
    "Errors: swell cannot use the object as intended (bad YAML or types, KEDA/Karpenter\n"
    "rules). Warnings: it will be rejected or misbehave elsewhere (API-server syntax rules,\n"
    "runtime failures in KEDA, lint across objects); each says why and how to fix it.\n"
    "\n"
    "Exit status: 0 valid (warnings allowed), 1 errors found, 2 unusable arguments.\n";

bool HasManifestExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

const char* SeverityName(api::Severity s) {
  switch (s) {
    case api::Severity::kError:
      return "error";
    case api::Severity::kWarning:
      return "warning";
    case api::Severity::kInfo:
      return "note";
  }
  return "error";
}

// One output line, sortable into file/document order.
struct Line {
  size_t file_index;
  int doc;
  uint32_t line;
  size_t seq;
  std::string text;
};

struct Report {
  api::LoadResult load;
  std::vector<std::string> files;
};

void Load(const std::vector<std::string>& files, Report* report) {
  report->files = files;
  for (const auto& f : files) {
    if (f == "-") {
      std::ostringstream buf;
      buf << std::cin.rdbuf();
      api::LoadText(buf.str(), "<stdin>", &report->load);
    } else {
      api::LoadFile(f, &report->load);
    }
  }
  lint::Lint(report->load.objects, &report->load.findings);
}

size_t FileIndex(const std::map<std::string, size_t>& index, const std::string& file) {
  auto it = index.find(file);
  return it == index.end() ? index.size() : it->second;
}

void PrintText(const Report& r, bool quiet, std::ostream& out) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < r.files.size(); i++)
    index.emplace(r.files[i] == "-" ? "<stdin>" : r.files[i], i);
  std::vector<Line> lines;
  std::map<std::string, bool> has_problem;  // object ref -> any error/warning
  for (const auto& f : r.load.findings) {
    if (f.diag.severity != api::Severity::kInfo) has_problem[f.file + "#" + f.object] = true;
    if (quiet && f.diag.severity == api::Severity::kInfo) continue;
    lines.push_back(
        {FileIndex(index, f.file), f.doc, f.diag.mark.line, lines.size(), api::FormatFinding(f)});
  }
  if (!quiet) {
    for (const auto& o : r.load.objects) {
      if (has_problem.count(o.source.file + "#" + o.Ref())) continue;
      lines.push_back(
          {FileIndex(index, o.source.file), o.source.doc, 0, lines.size(),
           o.source.file + ": doc " + std::to_string(o.source.doc) + ": " + o.Ref() + ": ok"});
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return std::tie(a.file_index, a.doc, a.line, a.seq) <
           std::tie(b.file_index, b.doc, b.line, b.seq);
  });
  for (const auto& l : lines) out << l.text << "\n";
  size_t errors = 0, warnings = 0;
  for (const auto& f : r.load.findings) {
    if (f.diag.severity == api::Severity::kError) errors++;
    if (f.diag.severity == api::Severity::kWarning) warnings++;
  }
  out << "checked " << r.load.objects.size() << " objects in " << r.load.files
      << " files: " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
      << (warnings == 1 ? " warning" : " warnings") << "\n";
}

yaml::Node Str(const std::string& s) {
  return yaml::Node::Scalar(s, yaml::ScalarStyle::kDoubleQuoted);
}
yaml::Node Num(int64_t v) { return yaml::Node::Scalar(std::to_string(v)); }

void PrintJson(const Report& r, std::ostream& out) {
  yaml::Node root = yaml::Node::Mapping();
  yaml::Node objects = yaml::Node::Sequence();
  for (const auto& o : r.load.objects) {
    yaml::Node n = yaml::Node::Mapping();
    const api::KindInfo& k = api::KindOf(o.object);
    n.Add("file", Str(o.source.file));
    n.Add("doc", Num(o.source.doc));
    n.Add("kind", Str(std::string(k.kind)));
    if (k.namespaced) n.Add("namespace", Str(o.Namespace()));
    n.Add("name", Str(o.Name()));
    objects.Append(std::move(n));
  }
  yaml::Node findings = yaml::Node::Sequence();
  size_t errors = 0, warnings = 0;
  for (const auto& f : r.load.findings) {
    if (f.diag.severity == api::Severity::kError) errors++;
    if (f.diag.severity == api::Severity::kWarning) warnings++;
    yaml::Node n = yaml::Node::Mapping();
    n.Add("file", Str(f.file));
    if (f.diag.mark.line > 0) {
      n.Add("line", Num(f.diag.mark.line));
      n.Add("column", Num(f.diag.mark.column));
    }
    if (f.doc > 0) n.Add("doc", Num(f.doc));
    if (!f.object.empty()) n.Add("object", Str(f.object));
    if (!f.diag.path.empty()) n.Add("path", Str(f.diag.path));
    n.Add("severity", Str(SeverityName(f.diag.severity)));
    n.Add("message", Str(f.diag.message));
    n.Add("rule", Str(f.diag.rule));
    findings.Append(std::move(n));
  }
  root.Add("files", Num(r.load.files));
  root.Add("objects", std::move(objects));
  root.Add("findings", std::move(findings));
  root.Add("errors", Num(static_cast<int64_t>(errors)));
  root.Add("warnings", Num(static_cast<int64_t>(warnings)));
  root.Add("valid", yaml::Node::Scalar(errors == 0 ? "true" : "false"));
  out << yaml::EmitJson(root);
}

}  // namespace

bool CollectFiles(const std::vector<std::string>& paths, std::vector<std::string>* files,
                  std::string* error) {
  for (const auto& p : paths) {
    if (p == "-") {
      files->push_back(p);
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      *error = p + ": no such file or directory";
      return false;
    }
    if (!fs::is_directory(st)) {
      files->push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (auto it =
             fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && HasManifestExtension(it->path())) {
        found.push_back(it->path().string());
      }
    }
    if (ec) {
      *error = p + ": " + ec.message();
      return false;
    }
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  }
  return true;
}

int RunValidate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string output = "text";
  bool quiet = false;
  bool strict = false;
  std::vector<std::string> paths;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << kValidateHelp;
      return kExitOk;
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--strict") {
      strict = true;
    } else if (a == "--output" || a == "-o") {
      if (i + 1 >= args.size()) {
        err << "swell validate: --output needs a value: text or json\n";
        return kExitUsage;
      }
      output = args[++i];
    } else if (a.rfind("--output=", 0) == 0) {
      output = a.substr(9);
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      err << "swell validate: unknown flag " << a << "\n" << kValidateHelp;
      return kExitUsage;
    } else {
      paths.push_back(a);
    }
  }
  if (output != "text" && output != "json") {
    err << "swell validate: --output must be text or json, not \"" << output << "\"\n";
    return kExitUsage;
  }
  if (paths.empty()) {
    err << "swell validate: no files given\n" << kValidateHelp;
    return kExitUsage;
  }
  std::vector<std::string> files;
  std::string error;
  if (!CollectFiles(paths, &files, &error)) {
    err << "swell validate: " << error << "\n";
    return kExitUsage;
  }
  Report report;
  Load(files, &report);
  if (output == "json") {
    PrintJson(report, out);
  } else {
    PrintText(report, quiet, out);
  }
  bool failed = report.load.HasErrors();
  if (strict) {
    for (const auto& f : report.load.findings) failed |= f.diag.severity == api::Severity::kWarning;
  }
  return failed ? kExitErrors : kExitOk;
}

}  // namespace swell::cli
