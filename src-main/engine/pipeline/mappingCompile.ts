// Checks a source's mapping and validation rules once, when its connector is built, so an unknown transform or a
// broken regex is a configuration error naming the field, not a quarantine of every record.
import type { ConfigProblem, MappingConfig } from '../../../src-shared/config.js';
import type { ValidationRule } from '../../../src-shared/sourceSchemas.js';
import { ConfigError } from '../config/configError.js';
import { transformSteps } from './mapping.js';
import { getTransform } from './transforms.js';
import { hasValidator } from './validation.js';

export function compileMapping(mapping: MappingConfig, validation: ValidationRule[], where: string, locale?: string): MappingConfig {
  const problems: ConfigProblem[] = [];
  const specs = [
    ...Object.entries(mapping.fields).map(([k, v]) => [`fields.${k}`, v] as const),
    ...Object.entries(mapping.customFields).map(([k, v]) => [`customFields.${k}`, v] as const),
  ];
  for (const [field, spec] of specs) {
    if (spec === undefined || typeof spec === 'string') continue;
    transformSteps(spec.transform).forEach(({ name }, i) => {
      if (!getTransform(name)) {
        const at = Array.isArray(spec.transform) ? `[${i}]` : '';
        problems.push({
          path: `${where}.mapping.${field}.transform${at}`,
          message: `no transform named "${name}"; register it with registerTransform()`,
        });
      }
    });
  }
  validation.forEach((rule, i) => {
    const at = `${where}.validation[${i}]`;
    if (rule.regex !== undefined) {
      try {
        new RegExp(rule.regex);
      } catch (err) {
        problems.push({ path: `${at}.regex`, message: `not a valid regular expression: ${(err as Error).message}` });
      }
    }
    if (rule.custom !== undefined && !hasValidator(rule.custom)) {
      problems.push({
        path: `${at}.custom`,
        message: `no validator named "${rule.custom}"; register it with registerValidator()`,
      });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  if (validation.length === 0 && locale === undefined) return mapping;
  return { ...mapping, ...(validation.length > 0 ? { validation } : {}), ...(locale !== undefined ? { locale } : {}) };
}
