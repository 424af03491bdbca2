import { m } from '$lib/paraglide/messages';
import type { EntryStep, QuestionKey } from '$lib/domain/entry-fields';

/** Labels and default help texts of the entry questions (messages q_… and entry_help_…). */
const labels: Record<QuestionKey, () => string> = {
	title: m.q_title,
	tagline: m.q_tagline,
	trackId: m.q_trackId,
	countries: m.q_countries,
	sdgs: m.q_sdgs,
	partner: m.q_partner,
	problem: m.q_problem,
	solution: m.q_solution,
	aiApproach: m.q_aiApproach,
	stage: m.q_stage,
	privacy: m.q_privacy,
	fairness: m.q_fairness,
	oversight: m.q_oversight,
	accessibility: m.q_accessibility,
	risks: m.q_risks,
	impact: m.q_impact,
	measurement: m.q_measurement,
	feasibility: m.q_feasibility,
	scaling: m.q_scaling,
	videoUrl: m.q_videoUrl,
	prototypeUrl: m.q_prototypeUrl,
	repositoryUrl: m.q_repositoryUrl,
	cover: m.q_cover,
	deck: m.q_deck
};

const help: Record<QuestionKey, () => string> = {
	title: m.entry_help_title,
	tagline: m.entry_help_tagline,
	trackId: m.entry_help_trackId,
	countries: m.entry_help_countries,
	sdgs: m.entry_help_sdgs,
	partner: m.entry_help_partner,
	problem: m.entry_help_problem,
	solution: m.entry_help_solution,
	aiApproach: m.entry_help_aiApproach,
	stage: m.entry_help_stage,
	privacy: m.entry_help_privacy,
	fairness: m.entry_help_fairness,
	oversight: m.entry_help_oversight,
	accessibility: m.entry_help_accessibility,
	risks: m.entry_help_risks,
	impact: m.entry_help_impact,
	measurement: m.entry_help_measurement,
	feasibility: m.entry_help_feasibility,
	scaling: m.entry_help_scaling,
	videoUrl: m.entry_help_videoUrl,
	prototypeUrl: m.entry_help_prototypeUrl,
	repositoryUrl: m.entry_help_repositoryUrl,
	cover: m.entry_help_cover,
	deck: m.entry_help_deck
};

export const questionLabel = (key: QuestionKey) => labels[key]();
export const defaultHelp = (key: QuestionKey) => help[key]();

const steps: Record<EntryStep, () => string> = {
	basics: m.entry_step_basics,
	story: m.entry_step_story,
	'responsible-ai': m.entry_step_responsible_ai,
	impact: m.entry_step_impact,
	media: m.entry_step_media,
	review: m.entry_step_review
};
export const stepLabel = (step: EntryStep) => steps[step]();

const sdgNames: (() => string)[] = [
	m.sdg_1,
	m.sdg_2,
	m.sdg_3,
	m.sdg_4,
	m.sdg_5,
	m.sdg_6,
	m.sdg_7,
	m.sdg_8,
	m.sdg_9,
	m.sdg_10,
	m.sdg_11,
	m.sdg_12,
	m.sdg_13,
	m.sdg_14,
	m.sdg_15,
	m.sdg_16,
	m.sdg_17
];
export const sdgName = (goal: number) => sdgNames[goal - 1]?.() ?? String(goal);
