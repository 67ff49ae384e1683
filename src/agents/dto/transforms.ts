/** class-transformer helpers shared by the agent DTOs. */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** skill ids as given, trimmed, without duplicates */
export const skillList = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map((skill) => (typeof skill === 'string' ? skill.trim() : skill)))] : value;
